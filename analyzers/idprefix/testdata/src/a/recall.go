package a

import (
	"bytes"
	"errors"
	"strings"
)

// Issue 16: swapped prefix filters, prefix lookups used for exact ones,
// URL and ID hierarchies without a boundary, flat keyspaces.

type Image struct{ ID, Name string }

// The user's filter is the first argument: only IDs that are a prefix of
// the filter match.
func filterImages(images []Image, filter string) []Image {
	var out []Image
	for _, img := range images {
		if strings.HasPrefix(filter, img.ID) { // want `strings.HasPrefix\(filter, img.ID\) has its arguments swapped: it asks whether filter has img.ID as a prefix`
			out = append(out, img)
		}
	}
	return out
}

func firstByShortID(images []Image, shortID string) *Image {
	for i := range images {
		id := images[i].ID
		_ = id
	}
	for _, img := range images {
		if strings.HasPrefix(shortID, img.ID) { // want `has its arguments swapped`
			return &img
		}
	}
	return nil
}

// Silent: the right direction.
func filterImagesOK(images []Image, filter string) []Image {
	var out []Image
	for _, img := range images {
		if strings.HasPrefix(img.ID, filter) {
			out = append(out, img)
		}
	}
	return out
}

// Silent: both directions on purpose (the query may name a sub-path of an
// ID, or an ID prefix).
func related(images []Image, query string) []Image {
	var out []Image
	for _, img := range images {
		if strings.HasPrefix(img.ID, query) || strings.HasPrefix(query, img.ID) {
			out = append(out, img)
		}
	}
	return out
}

// Silent: the name is not an ID (a route prefix of a request path).
func routeOf(names []Image, searchPath string) *Image {
	for _, n := range names {
		if strings.HasPrefix(searchPath, n.Name) {
			return &n
		}
	}
	return nil
}

// A store with an exact getter and a prefix lookup.
type ImageStore struct{ images []Image }

func (s *ImageStore) Get(id string) (*Image, error)              { return nil, nil }
func (s *ImageStore) GetByPrefix(prefix string) ([]Image, error) { return nil, nil }

type Task struct{ ImageID string }

func imageOf(s *ImageStore, t Task) (*Image, error) {
	imgs, err := s.GetByPrefix(t.ImageID) // want `GetByPrefix looks up the full ID t.ImageID by prefix to fetch one item: .* use the exact getter Get`
	if err != nil || len(imgs) == 0 {
		return nil, err
	}
	return &imgs[0], nil
}

// Silent: a prefix typed by the user, and a lookup that lists them all.
func imagesFor(s *ImageStore, t Task, prefix string) ([]Image, error) {
	if _, err := s.GetByPrefix(prefix); err != nil {
		return nil, err
	}
	return s.GetByPrefix(t.ImageID)
}

// Silent: no exact getter on the type.
type Index struct{}

func (x *Index) FindByPrefix(prefix string) []Image { return nil }

func indexed(x *Index, t Task) Image { return x.FindByPrefix(t.ImageID)[0] }

// URLs: a repository URL also matches a longer one.
type Remote struct{ RepoURL string }

func remoteFor(remotes []Remote, url string) *Remote {
	for i := range remotes {
		if strings.HasPrefix(url, remotes[i].RepoURL) { // want `matches remotes\[i\].RepoURL as a bare prefix to select one element: "https://host/org/repo" also matches "https://host/org/repo2"`
			return &remotes[i]
		}
	}
	return nil
}

// Silent: a base URL is a prefix on purpose; a scheme is not a URL.
func isOwnURL(url, baseURL string) bool { return strings.HasPrefix(url, baseURL) }

// Ownership by an ID hierarchy.
func isChildOf(childID, parentID string) bool {
	return strings.HasPrefix(childID, parentID) // want `matches parentID as a bare prefix to decide a match`
}

// Silent: the parent ID ends with the separator children are named with.
func isChildOfSep(childID, parentID string) bool {
	return strings.HasPrefix(childID, parentID+".")
}

// A flat tenant/key keyspace scanned by the tenant's ID.
type kv interface {
	Seek(key []byte)
	Next() bool
	Key() []byte
}

func objectKey(tenantID, name string) []byte { return []byte(tenantID + "/" + name) }

func listTenant(it kv, tenantID string) [][]byte {
	var keys [][]byte
	for it.Seek([]byte(tenantID)); it.Next(); {
		if !bytes.HasPrefix(it.Key(), []byte(tenantID)) { // want `bytes.HasPrefix\(it.Key\(\), \[\]byte\(tenantID\)\) matches \[\]byte\(tenantID\) as a bare prefix to collect the elements under it.*IDs are built with "/" after`
			break
		}
		keys = append(keys, it.Key())
	}
	return keys
}

// Silent: collecting by an ID prefix where the package builds no keys
// with a separator after it.
func listOwner(keys []string, ownerID string) []string {
	var out []string
	for _, k := range keys {
		if strings.HasPrefix(k, ownerID) {
			out = append(out, k)
		}
	}
	return out
}

var _ = errors.New
