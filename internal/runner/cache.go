package runner

// The persistent cache (internal/cache) in the driver.
//
// Every package of the graph gets a key: the SHA-256 of everything that
// can change what the analyzers say about it (nodeInputs), including, for
// each direct import, that import's "dependency hash": the hash of its API
// (apiHash: what importers can see of it), of the facts it exported and,
// recursively, of its own imports' dependency hashes. A package whose key
// has an entry is not analysed: its findings (roots) and its facts
// (decoded with objectpath against its types when an importer needs them)
// come from the entry. A re-analysed package whose API and facts come out
// the same leaves its importers' keys unchanged (early cut-off).
//
// Three entries per package: a small meta entry under the key (the API
// and facts hashes, the keys of the other two), the data entry (facts and
// findings) and the export data entry (its types, export.go), both
// addressed by their content. A run first computes the keys it can from
// meta entries alone; if every package hits, it reads the roots' data and
// type-checks nothing. Otherwise only the packages that must be
// re-analysed are parsed and type-checked from source; the packages they
// import, directly or not, get their types from their export data, and
// packages that hit and that nothing re-analysed imports are skipped
// entirely.

import (
	"bytes"
	"encoding/gob"
	"encoding/json"
	"fmt"
	"go/types"
	"reflect"
	"runtime"
	"slices"
	"sort"
	"sync"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/types/objectpath"

	"github.com/hindsight-lint/hindsight/internal/cache"
	"github.com/hindsight-lint/hindsight/internal/lint"
	"github.com/hindsight-lint/hindsight/internal/output"
)

// cacheFormat changes when the entries' encoding or the key's definition
// changes.
const cacheFormat = "hindsight-runner-cache-3"

// metaEntry is stored under a package's key.
type metaEntry struct {
	API    cache.Key // hash of what importers see of the package (apiHash)
	Facts  cache.Key // hash of the encoded facts (dataEntry.Facts)
	Data   cache.Key // the data entry
	Export cache.Key // the export data entry (export.go)
}

// encode returns m as its four keys in a row: every run reads a meta entry
// per package, so it is not gob (whose decoder costs more than the read).
func (m *metaEntry) encode() []byte {
	b := make([]byte, 0, 4*len(cache.Key{}))
	for _, k := range []cache.Key{m.API, m.Facts, m.Data, m.Export} {
		b = append(b, k[:]...)
	}
	return b
}

func decodeMeta(b []byte) (*metaEntry, bool) {
	const n = len(cache.Key{})
	if len(b) != 4*n {
		return nil, false
	}
	m := &metaEntry{}
	for i, k := range []*cache.Key{&m.API, &m.Facts, &m.Data, &m.Export} {
		copy(k[:], b[i*n:])
	}
	return m, true
}

// dataEntry holds a package's facts and, for a root, its findings.
type dataEntry struct {
	Facts   []byte // gob of []factGroup
	Results []cachedResult
}

// factGroup holds the facts of one type one analyzer exported on a
// package: Paths[i] is the object of the i-th fact ("" for the package
// fact), Data the gob stream of the facts in order.
type factGroup struct {
	Analyzer string
	Type     string
	Paths    []objectpath.Path
	Data     []byte
}

type cachedResult struct {
	Result lint.Result
	Fix    *output.Fix
}

// cacheState is the driver's cache state.
type cacheState struct {
	c      *cache.Cache
	global cache.Key
	env    map[string]string // go env

	mu       sync.Mutex
	analysed []string // IDs of the packages whose analyzers ran
	fromHit  int      // packages served from the cache
	source   int      // packages type-checked from source
}

// lookupMeta reads n's meta entry; on a hit it sets n's dependency hash.
func (d *driver) lookupMeta(n *node) bool {
	b, ok := d.cache.c.Get(metaKey(n.key))
	if !ok {
		return false
	}
	m, ok := decodeMeta(b)
	if !ok {
		return false
	}
	n.meta = m
	n.setDepHash(m.API, m.Facts)
	return true
}

// lookupData reads the data entry of a node whose meta entry hit.
func (d *driver) lookupData(n *node) (*dataEntry, bool) {
	b, ok := d.cache.c.Get(n.meta.Data)
	if !ok || cache.Hash(b) != n.meta.Data {
		return nil, false
	}
	var e dataEntry
	if err := gob.NewDecoder(bytes.NewReader(b)).Decode(&e); err != nil {
		return nil, false
	}
	return &e, true
}

// prepareCache computes every key it can before the run. It returns true
// if every package hit and the roots' findings are recorded: nothing is
// left to do.
func (d *driver) prepareCache() bool {
	fh := d.newFileHashes()
	var wg sync.WaitGroup
	sem := make(chan struct{}, runtime.GOMAXPROCS(0))
	for _, n := range d.nodes {
		if n.broken {
			continue
		}
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			n.inputs, n.hasInputs = d.nodeInputs(n, fh)
		}()
	}
	wg.Wait()
	fh.memo.Save()

	all := true
	for _, n := range d.nodes { // imports first
		n.settled = !n.broken && d.computeKey(n) && d.lookupMeta(n)
		if n.settled && n.root {
			// The findings are needed: a root whose data entry is
			// damaged is analysed again.
			n.data, n.settled = d.lookupData(n)
		}
		all = all && n.settled
	}
	if all {
		for _, n := range d.nodes {
			if n.root {
				d.addResults(n.data.Results)
				n.data = nil
			}
		}
		d.cache.fromHit = len(d.nodes)
		d.done = len(d.nodes)
		return true
	}
	// Whose types are needed: whatever a package that may be analysed
	// (not settled) imports, directly or not.
	for i := len(d.nodes) - 1; i >= 0; i-- { // importers first
		n := d.nodes[i]
		for _, u := range n.users {
			n.needTypes = n.needTypes || !u.settled || u.needTypes
		}
	}
	return false
}

func (d *driver) countHit() {
	d.cache.mu.Lock()
	d.cache.fromHit++
	d.cache.mu.Unlock()
}

// decodeFacts sets n's facts from their encoding. lenient drops the facts
// on objects n's types lack (types from export data).
func (d *driver) decodeFacts(n *node, enc []byte, lenient bool) error {
	var groups []factGroup
	if err := gob.NewDecoder(bytes.NewReader(enc)).Decode(&groups); err != nil {
		return err
	}
	byName := map[string]*analysis.Analyzer{}
	for _, a := range d.rootPlan {
		byName[a.Name] = a
	}
	facts := map[*analysis.Analyzer]*factSet{}
	for a, s := range n.facts {
		facts[a] = s
	}
	for _, g := range groups {
		a := byName[g.Analyzer]
		set := facts[a]
		if a == nil || set == nil {
			return fmt.Errorf("facts of unknown analyzer %s", g.Analyzer)
		}
		var t reflect.Type
		for ft := range d.factTypes[a] {
			if ft.String() == g.Type {
				t = ft
			}
		}
		if t == nil {
			return fmt.Errorf("unknown fact type %s", g.Type)
		}
		dec := gob.NewDecoder(bytes.NewReader(g.Data))
		for _, p := range g.Paths {
			fact := reflect.New(t.Elem()).Interface().(analysis.Fact)
			if err := dec.Decode(fact); err != nil {
				return err
			}
			if p == "" {
				set.pkg[t] = fact
				continue
			}
			obj, err := objectpath.Object(n.types, p)
			if err != nil && lenient {
				continue
			}
			if err != nil {
				return err
			}
			set.obj[objectFactKey{obj, t}] = fact
		}
	}
	return nil
}

// encodeFacts encodes n's facts deterministically: analyzers by name,
// fact types by name, the package fact first, then objects by path.
// Facts on objects objectpath cannot name (inside function bodies) are
// left out: no importer can name them either (unitchecker drops them
// too). The hash is of the facts' JSON: gob's encoding depends on the
// order in which the process met the types, so it differs between runs.
func (d *driver) encodeFacts(n *node) ([]byte, cache.Key, error) {
	var enc objectpath.Encoder
	canon := cache.NewHasher()
	var groups []factGroup
	names := make([]*analysis.Analyzer, 0, len(n.facts))
	for a := range n.facts {
		names = append(names, a)
	}
	sort.Slice(names, func(i, j int) bool { return names[i].Name < names[j].Name })
	for _, a := range names {
		set := n.facts[a]
		types := map[string]reflect.Type{}
		for t := range d.factTypes[a] {
			types[t.String()] = t
		}
		for _, tn := range slices.Sorted(mapKeys(types)) {
			t := types[tn]
			type item struct {
				path objectpath.Path
				fact analysis.Fact
			}
			var items []item
			if f, ok := set.pkg[t]; ok {
				items = append(items, item{"", f})
			}
			var objs []item
			for k, f := range set.obj {
				if k.typ != t {
					continue
				}
				p, err := enc.For(k.obj)
				if err != nil {
					continue
				}
				objs = append(objs, item{p, f})
			}
			sort.Slice(objs, func(i, j int) bool { return objs[i].path < objs[j].path })
			items = append(items, objs...)
			if len(items) == 0 {
				continue
			}
			var buf bytes.Buffer
			ge := gob.NewEncoder(&buf)
			g := factGroup{Analyzer: a.Name, Type: tn}
			for _, it := range items {
				if err := ge.Encode(it.fact); err != nil {
					return nil, cache.Key{}, fmt.Errorf("encoding %T fact: %v", it.fact, err)
				}
				g.Paths = append(g.Paths, it.path)
				js, err := json.Marshal(it.fact)
				if err != nil {
					// No canonical form: a hash no other run repeats
					// (no early cut-off, never a wrong one).
					js = fmt.Appendf(nil, "%p", it.fact)
				}
				canon.Add(a.Name+" "+tn+" "+string(it.path), string(js))
			}
			g.Data = buf.Bytes()
			groups = append(groups, g)
		}
	}
	var buf bytes.Buffer
	if err := gob.NewEncoder(&buf).Encode(groups); err != nil {
		return nil, cache.Key{}, err
	}
	return buf.Bytes(), canon.Sum(), nil
}

func mapKeys[K comparable, V any](m map[K]V) func(func(K) bool) {
	return func(yield func(K) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}

// store records an analysed package: its dependency hash (for its
// importers' keys) and, if it had no errors, its entries.
func (d *driver) store(n *node, results []cachedResult, ok bool) {
	if d.cache == nil || !n.hasKey && !d.computeKey(n) {
		return
	}
	api, err := d.apiHash(n)
	if err != nil {
		return
	}
	facts, factsHash, err := d.encodeFacts(n)
	if err != nil {
		return
	}
	n.setDepHash(api, factsHash)
	if !ok {
		return
	}
	var exportKey cache.Key
	if n.types != types.Unsafe {
		export, err := d.exportData(n)
		if err != nil {
			return
		}
		exportKey = cache.Hash(export)
		d.cache.c.Put(exportKey, export)
	}
	var buf bytes.Buffer
	if err := gob.NewEncoder(&buf).Encode(dataEntry{Facts: facts, Results: results}); err != nil {
		return
	}
	data := buf.Bytes()
	dataKey := cache.Hash(data)
	// Data first: a meta entry never points at nothing.
	d.cache.c.Put(dataKey, data)
	d.cache.c.Put(metaKey(n.key), (&metaEntry{API: api, Facts: factsHash, Data: dataKey, Export: exportKey}).encode())
}

// CacheStats says how a run used the cache.
type CacheStats struct {
	// Analysed is the number of packages whose analyzers ran, FromCache
	// the number served from the cache, Source the number type-checked
	// from source.
	Analysed, FromCache, Source int
	// AnalysedIDs lists the packages whose analyzers ran, sorted.
	AnalysedIDs []string
}
