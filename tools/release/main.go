// Command release builds hindsight's release archives without goreleaser,
// offline: the same six archives .goreleaser.yaml describes
// (linux/darwin/windows × amd64/arm64, tar.gz or zip for windows, with
// README.md and CHANGELOG.md), each from a plain `go build` with
// CGO_ENABLED=0, -trimpath and -ldflags "-s -w -X main.version=VERSION",
// and checksums.txt (sha256sum format). `make release-snapshot` runs it:
//
//	go run ./tools/release -version=v0.1.0-snapshot -o dist
//
// Archives are reproducible: fixed order, times and modes.
package main

import (
	"archive/tar"
	"archive/zip"
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"
)

// Target is one GOOS/GOARCH of a release.
type Target struct{ OS, Arch string }

// Targets are the release platforms, the same as .goreleaser.yaml's
// builds (a test compares them).
var Targets = []Target{
	{"linux", "amd64"}, {"linux", "arm64"},
	{"darwin", "amd64"}, {"darwin", "arm64"},
	{"windows", "amd64"}, {"windows", "arm64"},
}

// Extra are the files every archive carries next to the binary.
var Extra = []string{"README.md", "CHANGELOG.md"}

// ArchiveName is goreleaser's default name_template
// ({{.ProjectName}}_{{.Version}}_{{.Os}}_{{.Arch}}, Version without "v").
func ArchiveName(version string, t Target) string {
	ext := ".tar.gz"
	if t.OS == "windows" {
		ext = ".zip"
	}
	return fmt.Sprintf("hindsight_%s_%s_%s%s", strings.TrimPrefix(version, "v"), t.OS, t.Arch, ext)
}

// Ldflags are the linker flags of every release build.
func Ldflags(version string) string { return "-s -w -X main.version=" + version }

func main() {
	version := flag.String("version", "", "the version stamped into the binaries (main.version)")
	out := flag.String("o", "dist", "output directory (emptied first)")
	gocmd := flag.String("go", "go", "the go command")
	flag.Parse()
	if *version == "" {
		fmt.Fprintln(os.Stderr, "release: -version is required")
		os.Exit(2)
	}
	if err := build(*gocmd, *version, *out); err != nil {
		fmt.Fprintln(os.Stderr, "release:", err)
		os.Exit(1)
	}
}

func build(gocmd, version, out string) error {
	if err := os.RemoveAll(out); err != nil {
		return err
	}
	if err := os.MkdirAll(out, 0o755); err != nil {
		return err
	}
	tmp, err := os.MkdirTemp("", "hindsight-release")
	if err != nil {
		return err
	}
	defer func() { _ = os.RemoveAll(tmp) }()

	var sums strings.Builder
	for _, t := range Targets {
		exe := "hindsight"
		if t.OS == "windows" {
			exe += ".exe"
		}
		binPath := filepath.Join(tmp, t.OS+"_"+t.Arch, exe)
		cmd := exec.Command(gocmd, "build", "-trimpath", "-ldflags", Ldflags(version), "-o", binPath, "./cmd/hindsight")
		cmd.Env = append(os.Environ(), "GOOS="+t.OS, "GOARCH="+t.Arch, "CGO_ENABLED=0")
		cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
		if err := cmd.Run(); err != nil {
			return fmt.Errorf("go build %s/%s: %v", t.OS, t.Arch, err)
		}
		files := []string{binPath}
		files = append(files, Extra...)
		name := ArchiveName(version, t)
		var buf bytes.Buffer
		if t.OS == "windows" {
			err = writeZip(&buf, files)
		} else {
			err = writeTarGz(&buf, files)
		}
		if err != nil {
			return fmt.Errorf("%s: %v", name, err)
		}
		if err := os.WriteFile(filepath.Join(out, name), buf.Bytes(), 0o644); err != nil {
			return err
		}
		fmt.Fprintf(&sums, "%x  %s\n", sha256.Sum256(buf.Bytes()), name)
		fmt.Fprintf(os.Stderr, "release: %s (%d bytes)\n", filepath.Join(out, name), buf.Len())
	}
	return os.WriteFile(filepath.Join(out, "checksums.txt"), []byte(sums.String()), 0o644)
}

// epoch is every archive entry's time, for reproducible archives.
var epoch = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)

// entry is a file's name in an archive (its base name) and mode.
func entry(path string) (string, int64) {
	name := filepath.Base(path)
	if strings.HasPrefix(name, "hindsight") {
		return name, 0o755
	}
	return name, 0o644
}

func writeTarGz(w io.Writer, files []string) error {
	gz := gzip.NewWriter(w)
	tw := tar.NewWriter(gz)
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			return err
		}
		name, mode := entry(f)
		hdr := &tar.Header{Name: name, Mode: mode, Size: int64(len(data)), ModTime: epoch, Typeflag: tar.TypeReg, Format: tar.FormatPAX}
		if err := tw.WriteHeader(hdr); err != nil {
			return err
		}
		if _, err := tw.Write(data); err != nil {
			return err
		}
	}
	if err := tw.Close(); err != nil {
		return err
	}
	return gz.Close()
}

func writeZip(w io.Writer, files []string) error {
	zw := zip.NewWriter(w)
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			return err
		}
		name, mode := entry(f)
		hdr := &zip.FileHeader{Name: name, Method: zip.Deflate, Modified: epoch}
		hdr.SetMode(os.FileMode(mode))
		fw, err := zw.CreateHeader(hdr)
		if err != nil {
			return err
		}
		if _, err := fw.Write(data); err != nil {
			return err
		}
	}
	return zw.Close()
}
