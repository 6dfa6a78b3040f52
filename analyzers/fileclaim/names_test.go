package fileclaim

import "testing"

// Function names that say they take or give back a claim, split into
// words by code.NameWords (acronyms included: "PIDLock" is a lock).
func TestClaimAndReleaseNames(t *testing.T) {
	for name, want := range map[string]bool{
		"Lock": true, "TryLock": true, "lockDir": true, "PIDLock": true, "acquireLease": true,
		"claim_job": true, "Flock": true, "takeLockfile": true,
		"Unlock": false, "IsLocked": false, "releaseLock": false, "Blocked": false,
		"Clock": false, "Lockstep": false, "readJob": false,
	} {
		if got := claimWords(name); got != want {
			t.Errorf("claimWords(%q) = %v, want %v", name, got, want)
		}
	}
	for name, want := range map[string]bool{
		"Unlock": true, "release": true, "closeLock": true, "URLClose": true,
		"Lock": false, "Clock": false, "closed": false,
	} {
		if got := releaseName(name); got != want {
			t.Errorf("releaseName(%q) = %v, want %v", name, got, want)
		}
	}
}

// Names that hold an instance's own identity.
func TestIdentityNames(t *testing.T) {
	for name, want := range map[string]bool{
		"workerID": true, "instance_id": true, "podName": true, "hostname": true, "pod_name": true,
		"NodeName": true, "replicaID": true, "selfID": true, "HOSTNAME": true, "machineId": true,
		"hostDir": false, "host": false, "queueName": false, "spool_dir": false, "jobID": false, "node": false,
	} {
		if got := identityName(name); got != want {
			t.Errorf("identityName(%q) = %v, want %v", name, got, want)
		}
	}
}
