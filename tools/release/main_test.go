package main

import (
	"archive/tar"
	"archive/zip"
	"bytes"
	"compress/gzip"
	"io"
	"os"
	"slices"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// .goreleaser.yaml and this program build the same archives.
func TestSameAsGoreleaser(t *testing.T) {
	data, err := os.ReadFile("../../.goreleaser.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var cfg struct {
		Builds []struct {
			Main    string
			Binary  string
			Env     []string
			Flags   []string
			Ldflags []string
			Goos    []string
			Goarch  []string
		}
		Archives []struct {
			Formats         []string
			FormatOverrides []struct {
				Goos    string
				Formats []string
			} `yaml:"format_overrides"`
			NameTemplate string `yaml:"name_template"`
			Files        []string
		}
		Checksum struct {
			NameTemplate string `yaml:"name_template"`
			Algorithm    string
		}
	}
	if err := yaml.Unmarshal(data, &cfg); err != nil {
		t.Fatal(err)
	}
	if len(cfg.Builds) != 1 || len(cfg.Archives) != 1 {
		t.Fatalf("want one build and one archive: %+v", cfg)
	}
	b := cfg.Builds[0]
	if b.Main != "./cmd/hindsight" || b.Binary != "hindsight" || !slices.Equal(b.Env, []string{"CGO_ENABLED=0"}) || !slices.Equal(b.Flags, []string{"-trimpath"}) {
		t.Errorf("build: %+v", b)
	}
	if len(b.Ldflags) != 1 || b.Ldflags[0] != strings.Replace(Ldflags("V"), "V", "{{ .Tag }}", 1) {
		t.Errorf("ldflags %q, want %q with the tag", b.Ldflags, Ldflags("V"))
	}
	var targets []Target
	for _, os := range b.Goos {
		for _, arch := range b.Goarch {
			targets = append(targets, Target{os, arch})
		}
	}
	if !sameSet(targets, Targets) {
		t.Errorf("goreleaser builds %v, tools/release %v", targets, Targets)
	}
	a := cfg.Archives[0]
	if !slices.Equal(a.Formats, []string{"tar.gz"}) || len(a.FormatOverrides) != 1 || a.FormatOverrides[0].Goos != "windows" || !slices.Equal(a.FormatOverrides[0].Formats, []string{"zip"}) {
		t.Errorf("archive formats: %+v", a)
	}
	if a.NameTemplate != "{{ .ProjectName }}_{{ .Version }}_{{ .Os }}_{{ .Arch }}" || ArchiveName("v1.2.3", Target{"linux", "arm64"}) != "hindsight_1.2.3_linux_arm64.tar.gz" {
		t.Errorf("archive names: %q", a.NameTemplate)
	}
	if !slices.Equal(a.Files, Extra) {
		t.Errorf("archive files %v, tools/release %v", a.Files, Extra)
	}
	if cfg.Checksum.NameTemplate != "checksums.txt" || cfg.Checksum.Algorithm != "sha256" {
		t.Errorf("checksum: %+v", cfg.Checksum)
	}
}

func sameSet(a, b []Target) bool {
	if len(a) != len(b) {
		return false
	}
	for _, t := range a {
		if !slices.Contains(b, t) {
			return false
		}
	}
	return true
}

// The archive writers produce archives that hold the files, with the
// binary executable, identically on every run.
func TestArchives(t *testing.T) {
	dir := t.TempDir()
	bin := dir + "/hindsight"
	readme := dir + "/README.md"
	os.WriteFile(bin, []byte("binary"), 0o755)
	os.WriteFile(readme, []byte("readme"), 0o644)

	var tgz, tgz2, zp bytes.Buffer
	if err := writeTarGz(&tgz, []string{bin, readme}); err != nil {
		t.Fatal(err)
	}
	writeTarGz(&tgz2, []string{bin, readme})
	if !bytes.Equal(tgz.Bytes(), tgz2.Bytes()) {
		t.Error("tar.gz archives differ between runs")
	}
	gz, err := gzip.NewReader(&tgz)
	if err != nil {
		t.Fatal(err)
	}
	tr := tar.NewReader(gz)
	var got []string
	for {
		h, err := tr.Next()
		if err == io.EOF {
			break
		} else if err != nil {
			t.Fatal(err)
		}
		data, _ := io.ReadAll(tr)
		got = append(got, h.Name+":"+string(data))
		if h.Name == "hindsight" && h.Mode&0o111 == 0 {
			t.Errorf("binary mode %o", h.Mode)
		}
	}
	if !slices.Equal(got, []string{"hindsight:binary", "README.md:readme"}) {
		t.Errorf("tar.gz holds %v", got)
	}

	if err := writeZip(&zp, []string{bin, readme}); err != nil {
		t.Fatal(err)
	}
	zr, err := zip.NewReader(bytes.NewReader(zp.Bytes()), int64(zp.Len()))
	if err != nil {
		t.Fatal(err)
	}
	got = nil
	for _, f := range zr.File {
		rc, _ := f.Open()
		data, _ := io.ReadAll(rc)
		rc.Close()
		got = append(got, f.Name+":"+string(data))
	}
	if !slices.Equal(got, []string{"hindsight:binary", "README.md:readme"}) {
		t.Errorf("zip holds %v", got)
	}
}
