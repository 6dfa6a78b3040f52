package uploads

import (
	"context"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"sort"
	"sync"
)

type Server struct {
	root string
	mu   sync.Mutex
}

// Complete assembles an upload from its parts and removes the parts. Two
// requests for the same upload ID both read the parts and both remove
// them.
func (s *Server) Complete(w http.ResponseWriter, r *http.Request) {
	uploadID := r.URL.Query().Get("uploadId")
	dir := filepath.Join(s.root, uploadID)
	entries, err := os.ReadDir(dir)
	if err != nil {
		http.Error(w, err.Error(), http.StatusNotFound)
		return
	}
	out, err := os.Create(filepath.Join(s.root, "objects", uploadID))
	if err != nil {
		return
	}
	defer out.Close()
	for _, e := range entries {
		f, err := os.Open(filepath.Join(dir, e.Name())) // want `dir is named by the request \(uploadID\), its files are read here \(os.Open\) and it is removed by os.RemoveAll at line \d+ with no claim first`
		if err != nil {
			return
		}
		io.Copy(out, f)
		f.Close()
	}
	os.RemoveAll(dir)
}

// The same as an RPC method.
type CompleteRequest struct{ UploadID string }

type Service struct{ root string }

func (s *Service) CompleteUpload(ctx context.Context, req *CompleteRequest) ([]byte, error) {
	dir := filepath.Join(s.root, "uploads", req.UploadID)
	names, err := filepath.Glob(filepath.Join(dir, "part.*"))
	if err != nil {
		return nil, err
	}
	sort.Strings(names)
	var all []byte
	for _, n := range names {
		b, err := os.ReadFile(n) // want `dir is named by the request \(req.UploadID\), its files are read here \(os.ReadFile\)`
		if err != nil {
			return nil, err
		}
		all = append(all, b...)
	}
	defer os.RemoveAll(dir)
	return all, nil
}

// A handler written as a function literal.
func Register(mux *http.ServeMux, root string) {
	mux.HandleFunc("/complete", func(w http.ResponseWriter, r *http.Request) {
		dir := filepath.Join(root, r.PathValue("id"))
		data, err := os.ReadFile(filepath.Join(dir, "manifest")) // want `dir is named by the request \(r\)`
		if err != nil {
			return
		}
		w.Write(data)
		os.RemoveAll(dir)
	})
}

// Silent: the fix renames the directory to an in-progress name first.
func (s *Server) CompleteClaimed(w http.ResponseWriter, r *http.Request) {
	uploadID := r.URL.Query().Get("uploadId")
	dir := filepath.Join(s.root, uploadID)
	work := dir + ".assembling"
	if err := os.Rename(dir, work); err != nil {
		http.Error(w, "upload in progress or unknown", http.StatusConflict)
		return
	}
	entries, _ := os.ReadDir(work)
	out, _ := os.Create(filepath.Join(s.root, "objects", uploadID))
	defer out.Close()
	for _, e := range entries {
		f, err := os.Open(filepath.Join(work, e.Name()))
		if err != nil {
			return
		}
		io.Copy(out, f)
		f.Close()
	}
	os.RemoveAll(work)
}

// Silent: serialised by a lock on the server.
func (s *Server) CompleteLocked(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	dir := filepath.Join(s.root, r.FormValue("id"))
	data, err := os.ReadFile(filepath.Join(dir, "meta"))
	if err != nil {
		return
	}
	w.Write(data)
	os.RemoveAll(dir)
}

// Silent: an abort removes without reading.
func (s *Server) Abort(w http.ResponseWriter, r *http.Request) {
	os.RemoveAll(filepath.Join(s.root, r.URL.Query().Get("uploadId")))
}

// Silent: the directory is fixed, not named by the request.
func (s *Server) Flush(w http.ResponseWriter, r *http.Request) {
	dir := filepath.Join(s.root, "pending")
	data, err := os.ReadFile(filepath.Join(dir, "batch"))
	if err != nil {
		return
	}
	w.Write(data)
	os.RemoveAll(dir)
}

// Silent: the handler made the directory itself.
func (s *Server) Convert(w http.ResponseWriter, r *http.Request) {
	dir, err := os.MkdirTemp(s.root, r.FormValue("name"))
	if err != nil {
		return
	}
	data, _ := os.ReadFile(filepath.Join(dir, "out"))
	w.Write(data)
	os.RemoveAll(dir)
}

// Silent: not a handler, nothing says two calls run at once.
func assemble(root, uploadID string, out io.Writer) {
	dir := filepath.Join(root, uploadID)
	data, _ := os.ReadFile(filepath.Join(dir, "part.1"))
	out.Write(data)
	os.RemoveAll(dir)
}

// Silent: only looked at.
func (s *Server) Status(w http.ResponseWriter, r *http.Request) {
	dir := filepath.Join(s.root, r.FormValue("id"))
	data, err := os.ReadFile(filepath.Join(dir, "state"))
	if err != nil {
		return
	}
	if len(data) == 0 {
		os.RemoveAll(dir)
	}
}
