package render

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

// BenchmarkRenderChart50 renders and checks a chart of 50 templates
// (Deployments and Services with helpers, ranges and toYaml) with every
// manifest rule and the values rules. Target: well under a second.
func BenchmarkRenderChart50(b *testing.B) {
	dir := b.TempDir()
	write := func(name, text string) {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			b.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			b.Fatal(err)
		}
	}
	write("Chart.yaml", "apiVersion: v2\nname: big\nversion: 0.1.0\n")
	values := "image:\n  tag: \"1.0\"\nresources:\n  limits:\n    memory: 128Mi\nenv:\n  LOG_LEVEL: info\n  REGION: eu\n"
	write("values.yaml", values)
	write("templates/_helpers.tpl", "{{- define \"big.labels\" -}}\napp.kubernetes.io/name: big\napp.kubernetes.io/instance: {{ .Release.Name }}\n{{- end }}\n")
	for i := range 25 {
		write(fmt.Sprintf("templates/deploy%02d.yaml", i), fmt.Sprintf(`apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ .Release.Name }}-svc%[1]d
  labels:
    {{- include "big.labels" . | nindent 4 }}
spec:
  replicas: 2
  selector:
    matchLabels:
      app: svc%[1]d
  template:
    metadata:
      labels:
        app: svc%[1]d
    spec:
      containers:
        - name: app
          image: "example/svc%[1]d:{{ .Values.image.tag }}"
          ports:
            - name: http
              containerPort: 8080
          env:
            {{- range $k, $v := .Values.env }}
            - name: {{ $k }}
              value: {{ $v | quote }}
            {{- end }}
          resources:
            {{- toYaml .Values.resources | nindent 12 }}
`, i))
		write(fmt.Sprintf("templates/svc%02d.yaml", i), fmt.Sprintf(`apiVersion: v1
kind: Service
metadata:
  name: {{ .Release.Name }}-svc%[1]d
spec:
  selector:
    app: svc%[1]d
  ports:
    - port: 80
      targetPort: http
`, i))
	}
	b.ResetTimer()
	for b.Loop() {
		rs, err := Run([]string{dir}, Config{})
		if err != nil {
			b.Fatal(err)
		}
		for _, r := range rs {
			if r.Severity >= 2 {
				b.Fatalf("unexpected finding %s", r)
			}
		}
	}
}
