package k8s

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const benchDeployment = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: svc-%[1]d
  namespace: team-%[2]d
  labels:
    app: svc-%[1]d
    app.kubernetes.io/part-of: bench
spec:
  replicas: 2
  selector:
    matchLabels:
      app: svc-%[1]d
  template:
    metadata:
      labels:
        app: svc-%[1]d
    spec:
      containers:
        - name: app
          image: registry.example.com/svc:%[1]d
          imagePullPolicy: IfNotPresent
          ports:
            - name: http
              containerPort: 8080
            - name: metrics
              containerPort: 9090
          env:
            - name: QUEUE_URL
              valueFrom:
                secretKeyRef:
                  name: shared-%[2]d
                  key: queue-url
            - name: LOG_LEVEL
              value: info
            - name: REGION
              valueFrom:
                configMapKeyRef:
                  name: config-%[2]d
                  key: region
          resources:
            requests: {cpu: 100m, memory: 128Mi}
            limits: {cpu: 500m, memory: 256Mi}
          livenessProbe:
            httpGet: {path: /healthz, port: http}
          volumeMounts:
            - {name: data, mountPath: /data}
      volumes:
        - name: data
          emptyDir: {}
---
`

const benchService = `apiVersion: v1
kind: Service
metadata:
  name: svc-%[1]d
  namespace: team-%[2]d
spec:
  selector: {app: svc-%[1]d}
  ports:
    - {name: http, port: 80, targetPort: http}
---
`

// writeBenchSet writes n Deployments in files of 10 (with a Service for one of them),
// plus one Secret and ConfigMap per namespace.
func writeBenchSet(tb testing.TB, n int) string {
	dir := tb.TempDir()
	for f := 0; f < n/10; f++ {
		var b strings.Builder
		for i := f * 10; i < f*10+10; i++ {
			fmt.Fprintf(&b, benchDeployment, i, i%50)
		}
		fmt.Fprintf(&b, benchService, f*10, f*10%50)
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("app-%04d.yaml", f)), []byte(b.String()), 0o644); err != nil {
			tb.Fatal(err)
		}
	}
	var b strings.Builder
	for ns := 0; ns < 50; ns++ {
		fmt.Fprintf(&b, "apiVersion: v1\nkind: Secret\nmetadata: {name: shared-%d, namespace: team-%d}\nstringData: {queue-url: amqp://q}\n---\n", ns, ns)
		fmt.Fprintf(&b, "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: config-%d, namespace: team-%d}\ndata: {region: eu}\n---\n", ns, ns)
	}
	if err := os.WriteFile(filepath.Join(dir, "shared.yaml"), []byte(b.String()), 0o644); err != nil {
		tb.Fatal(err)
	}
	return dir
}

func BenchmarkCheck10k(b *testing.B) {
	dir := writeBenchSet(b, 10000)
	b.ResetTimer()
	for b.Loop() {
		res, err := Check([]string{dir}, Config{})
		if err != nil {
			b.Fatal(err)
		}
		if len(res) != 0 {
			b.Fatalf("generated set has findings: %v", res[:1])
		}
	}
}

// nearDupIndex builds, without YAML, the index of n workloads running one
// image: every workload sets the shared names and three names of its own
// (per-tenant settings), the shape that made the env-name comparison
// quadratic. One workload misspells a shared name.
// With pairs, the per-tenant database and token names are shared by two
// workloads each: thousands of shared names, so they are indexed.
func nearDupIndex(tb testing.TB, n int, pairs bool) *checker {
	c, err := newChecker(&Config{})
	if err != nil {
		tb.Fatal(err)
	}
	src := newSource("bench.yaml", nil)
	for i := 0; i < n; i++ {
		w := &workload{kind: "Deployment", name: fmt.Sprintf("tenant-%d", i)}
		ct := &container{name: "app", image: "registry.example.com/tenant-app"}
		names := []string{"QUEUE_URL", "LOG_LEVEL", "LEDGER_REGION",
			fmt.Sprintf("TENANT_%d_DATABASE_URL", i), fmt.Sprintf("TENANT_%d_API_TOKEN", i), fmt.Sprintf("FEATURE_%d_ENABLED", i)}
		if pairs {
			names[3], names[4] = fmt.Sprintf("TENANT_%d_DATABASE_URL", i/2), fmt.Sprintf("TENANT_%d_API_TOKEN", i/2)
		}
		if i == n/2 {
			names[2] = "LEDGER_REGOIN"
		}
		for j, name := range names {
			ct.env = append(ct.env, &envVar{name: name, at: position{src, i*10 + j + 1, 1}, w: w, image: ct.image})
		}
		w.containers = append(w.containers, ct)
		c.idx.workloads = append(c.idx.workloads, w)
	}
	return c
}

func BenchmarkEnvNearDuplicates(b *testing.B) {
	for _, pairs := range []bool{false, true} {
		for _, n := range []int{1000, 10000, 20000} {
			name := fmt.Sprint("lone/", n)
			if pairs {
				name = fmt.Sprint("pairs/", n)
			}
			b.Run(name, func(b *testing.B) {
				c := nearDupIndex(b, n, pairs)
				b.ResetTimer()
				for b.Loop() {
					c.findings = c.findings[:0]
					c.checkEnvNearDuplicates()
					if len(c.findings) != 1 {
						b.Fatalf("got %d findings, want the one typo", len(c.findings))
					}
				}
			})
		}
	}
}
