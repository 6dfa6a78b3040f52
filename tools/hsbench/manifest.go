package main

import (
	"bufio"
	"bytes"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strconv"

	"github.com/hindsight-lint/hindsight/internal/k8s"
)

// benchManifest measures the manifest checker: BenchmarkCheck10k (the
// package's generated set of 10,000 Deployments) and one 50 MB file.
func benchManifest(c *common, t *tools, w io.Writer) error {
	fmt.Fprintf(os.Stderr, "hsbench: manifest BenchmarkCheck10k\n")
	out, err := run(".", nil, c.goCmd, "test", "-run", "^$", "-bench", "^BenchmarkCheck10k$", "-benchtime", "3x", "-benchmem", "./internal/k8s/")
	if err != nil {
		return err
	}
	m := regexp.MustCompile(`(?m)^BenchmarkCheck10k\S*\s+\d+\s+(\d+) ns/op(?:\s+(\d+) B/op)?`).FindSubmatch(out)
	if m == nil {
		return fmt.Errorf("no BenchmarkCheck10k result in:\n%s", out)
	}
	ns, _ := strconv.ParseFloat(string(m[1]), 64)
	fmt.Fprintf(w, "### Manifest checker\n\n")
	fmt.Fprintf(w, "- `BenchmarkCheck10k` (10,000 generated Deployments in 1,000 files, with their Services, Secrets and ConfigMaps; whole set, cross-document checks included): %.2f s per set, **%.0f manifests/s**",
		ns/1e9, 10000/(ns/1e9))
	if len(m) > 2 && len(m[2]) > 0 {
		b, _ := strconv.ParseFloat(string(m[2]), 64)
		fmt.Fprintf(w, ", %.0f MB allocated per set", b/(1<<20))
	}
	fmt.Fprintf(w, ".\n")

	dir := filepath.Join(c.dir, "manifest")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	big := filepath.Join(dir, "big.yaml")
	docs, size, err := writeBigManifest(big, 50<<20)
	if err != nil {
		return err
	}
	for _, v := range []struct{ label, flag string }{
		{"default limit (16 MiB): rejected unread", ""},
		{"-max-bytes=64000000: parsed and checked", "-max-bytes=64000000"},
	} {
		self, err := os.Executable()
		if err != nil {
			return err
		}
		argv := []string{self, "manifest"}
		if v.flag != "" {
			argv = append(argv, v.flag)
		}
		argv = append(argv, big)
		meas, err := measure(dir, nil, filepath.Join(c.dir, "logs", "manifest", "big"+v.flag), argv...)
		if err != nil {
			return err
		}
		if meas.exit != 0 && meas.exit != 3 {
			data, _ := os.ReadFile(meas.stderr)
			return fmt.Errorf("manifest check of %s failed (exit %d): %s", big, meas.exit, tail(string(data), 2000))
		}
		findings := countLinesIn(meas.stderr) + countLinesIn(meas.stdout)
		fmt.Fprintf(w, "- One %.0f MB file of %d documents, %s: %.2f s wall, %.2f s CPU, %.0f MB peak RSS, exit %d, %d output lines.\n",
			float64(size)/(1<<20), docs, v.label, meas.wall.Seconds(), meas.cpu.Seconds(), mb(meas.maxRSS), meas.exit, findings)
	}
	fmt.Fprintln(w)
	return nil
}

const bigDoc = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: big-%[1]d
  namespace: ns-%[2]d
  labels: {app: big-%[1]d, tier: backend}
spec:
  replicas: 3
  selector:
    matchLabels: {app: big-%[1]d}
  template:
    metadata:
      labels: {app: big-%[1]d, tier: backend}
    spec:
      containers:
        - name: app
          image: registry.example.com/big:%[1]d
          ports:
            - {name: http, containerPort: 8080}
          env:
            - {name: LOG_LEVEL, value: info}
            - {name: REGION, value: eu-west-1}
          resources:
            requests: {cpu: 100m, memory: 128Mi}
            limits: {cpu: 500m, memory: 256Mi}
---
`

// writeBigManifest writes Deployments to path until it holds size bytes.
func writeBigManifest(path string, size int) (docs, n int, err error) {
	f, err := os.Create(path)
	if err != nil {
		return 0, 0, err
	}
	bw := bufio.NewWriter(f)
	for n < size {
		k, _ := fmt.Fprintf(bw, bigDoc, docs, docs%100)
		n += k
		docs++
	}
	if err := bw.Flush(); err != nil {
		f.Close()
		return 0, 0, err
	}
	return docs, n, f.Close()
}

func countLinesIn(path string) int {
	data, err := os.ReadFile(path)
	if err != nil {
		return 0
	}
	return bytes.Count(data, []byte("\n"))
}

// manifestMain checks the manifest files named by args ("-max-bytes=N"
// first, optionally) and prints how many findings it got: the manifest
// engine alone, in a process of its own, for the 50 MB measurement.
func manifestMain(args []string) int {
	fs := flag.NewFlagSet("manifest", flag.ContinueOnError)
	maxBytes := fs.Int64("max-bytes", 0, "largest file to parse")
	if err := fs.Parse(args); err != nil {
		return 1
	}
	rs, err := k8s.Check(fs.Args(), k8s.Config{MaxBytes: *maxBytes})
	if err != nil {
		fmt.Fprintln(os.Stderr, "hsbench manifest:", err)
		return 1
	}
	fmt.Println(len(rs), "findings")
	if len(rs) > 0 {
		return 3
	}
	return 0
}
