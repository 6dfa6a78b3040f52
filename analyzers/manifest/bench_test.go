package manifest

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
