// SPDX-License-Identifier: Apache-2.0

package parser

import (
	"runtime"
	"sync"
	"sync/atomic"

	"github.com/qapi-gen/qapi-gen/doc"
	"github.com/qapi-gen/qapi-gen/internal/tricks"
	"github.com/qapi-gen/qapi-gen/source"
)

// Most of the time spent reading a schema (lexing, parsing values with
// participle, parsing doc blocks) depends on nothing but the file's text:
// only the walk over a file's top-level items (include and pragma
// directives, doc/definition pairing, positions' include chains) needs
// what was read before. So files are pre-parsed up to their first error
// (possibly by other goroutines, while the walk is busy elsewhere), and
// the walk in Parse's goroutine consumes the results in QEMU's order and
// reports errors only when it reaches them.

// parsedFile is a file pre-parsed: its top-level items in order, ending
// with the EOF or error item, or with the first item whose reading failed.
type parsedFile struct {
	fname   string
	readErr error // ReadFile failed; nothing else is set
	badUTF8 bool  // the file is not UTF-8; nothing else is set
	sc      *scanner
	lexErr  *source.Error
	items   []item
	// panicked is what pre-parsing panicked with, if it did (a bug, here
	// or in ReadFile); the walk panics with it when it reaches the file.
	panicked any
}

// item is a top-level item of a file: a doc block, a value, EOF or the
// lexical error that ends the file's tokens (kind tokError).
type item struct {
	kind tokKind // of the item's first token
	line int32   // of the item's first token
	val  Value
	doc  *doc.Doc
	err  error // reading the item failed
}

// preparse lexes and parses the file fname with content data as far as
// its first error, without knowing where it is included: its scanner has
// no parent yet. It stops early, leaving an incomplete result, once stop
// is set.
func preparse(fname string, data []byte, opts *Options, pragma *source.Pragma, lines *[]doc.Line, stop *atomic.Bool) *parsedFile {
	pf := &parsedFile{fname: fname}
	text, ok := normalizeSource(data)
	if !ok {
		pf.badUTF8 = true
		return pf
	}
	s := newScanner(text, fname, nil, pragma)
	toks := s.lexAll()
	pf.sc, pf.lexErr = s, s.err
	p := &fileParser{opts: opts, fname: fname, src: text, toks: toks, sc: s, lexErr: s.err, lines: lines}
	p.skipTo(0)
	// A file has roughly one item per 200 bytes; a guess that rarely
	// needs to grow.
	pf.items = make([]item, 0, len(text)/256+4)
	for stop == nil || !stop.Load() {
		tok, i := p.current()
		it := item{kind: tok.kind, line: tok.line}
		switch tok.kind {
		case tokEOF, tokError:
			pf.items = append(pf.items, it)
			return pf
		case tokDocComment:
			it.doc, it.err = p.getDoc(i)
		default:
			it.val, it.err = p.getValue(i)
		}
		pf.items = append(pf.items, it)
		if it.err != nil {
			return pf
		}
	}
	return pf
}

// setParent places the scanner's file at the include directive parent,
// including the positions made while pre-parsing: they are shared by
// pointer, so doc blocks and errors made then see it too.
func (s *scanner) setParent(parent *source.Info) {
	s.parent = parent
	for _, info := range s.lineInfos {
		if info != nil {
			info.Parent = parent
		}
	}
}

// prefetcher pre-parses files on up to GOMAXPROCS-1 goroutines besides
// the walk's. Files are pre-parsed at most once each, by name; the walk
// takes a result with get, which parses the file itself when no worker
// has started it, and helps with queued files while a worker finishes it.
type prefetcher struct {
	opts       *Options
	pragma     *source.Pragma
	maxWorkers int
	stop       atomic.Bool
	wg         sync.WaitGroup
	// readMu makes ReadFile calls one at a time, as they are without
	// pre-parsing: a caller's ReadFile need not be safe for concurrent
	// use.
	readMu sync.Mutex

	mu   sync.Mutex // guards the fields below and the jobs' other fields
	jobs map[string]*job
	// queue holds the jobs to start, in batches: the last batch is
	// needed first, each batch in order. A file's includes are needed
	// before everything queued so far, and pushing them as a batch
	// costs the same however long the queue is. Jobs started meanwhile
	// stay in it until taken.
	queue   [][]*job
	queued  int // jobs in queue
	workers int
}

// job is the pre-parse of one file.
type job struct {
	name      string
	started   bool
	done      chan struct{} // closed when pf is set
	pf        *parsedFile
	handedOut bool
}

func newPrefetcher(opts *Options, pragma *source.Pragma) *prefetcher {
	return &prefetcher{
		opts: opts, pragma: pragma,
		maxWorkers: prefetchWorkers(),
		jobs:       map[string]*job{},
	}
}

func prefetchWorkers() int {
	if !tricks.On(tricks.Prefetch) {
		return 0
	}
	return min(runtime.GOMAXPROCS(0)-1, 7)
}

func (f *prefetcher) readFile(name string) ([]byte, error) {
	f.readMu.Lock()
	defer f.readMu.Unlock()
	if f.opts.ReadFile == nil {
		return readSchemaFile(name)
	}
	data, err := f.opts.ReadFile(name)
	if err != nil {
		return nil, err
	}
	return checkSize(data)
}

// load reads and pre-parses the file of job j, then queues the files it
// includes: QEMU reads them right after their include directive, so
// before the files queued so far, which come later in its order.
func (f *prefetcher) load(j *job, lines *[]doc.Line) {
	pf := f.loadFile(j.name, lines)
	f.mu.Lock()
	j.pf = pf
	f.mu.Unlock()
	close(j.done)
	f.prefetch(pf.includes(), true)
}

func (f *prefetcher) loadFile(name string, lines *[]doc.Line) (pf *parsedFile) {
	defer func() {
		if v := recover(); v != nil {
			pf = &parsedFile{fname: name, panicked: v}
		}
	}()
	data, err := f.readFile(name)
	if err != nil {
		return &parsedFile{fname: name, readErr: err}
	}
	return preparse(name, data, f.opts, f.pragma, lines, &f.stop)
}

// includes returns the names of the files that pf's well-formed include
// directives name, in order. Whether the walk reads them depends on
// what it read before; pre-parsing one in vain costs only time.
func (pf *parsedFile) includes() []string {
	var names []string
	for i := range pf.items {
		obj, ok := pf.items[i].val.(*Object)
		if !ok || obj.Len() != 1 || obj.Keys[0] != "include" {
			continue
		}
		if name, ok := obj.Values[0].(string); ok {
			names = append(names, pyJoin(pyDirname(pf.fname), name))
		}
	}
	return names
}

// prefetch queues the files not queued before for pre-parsing, at the
// front of the queue or at its end, and starts workers for them.
func (f *prefetcher) prefetch(names []string, front bool) {
	if len(names) == 0 {
		return
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.stop.Load() {
		return
	}
	var added []*job
	for _, name := range names {
		if f.jobs[name] != nil {
			continue
		}
		j := &job{name: name, done: make(chan struct{})}
		f.jobs[name] = j
		added = append(added, j)
	}
	if len(added) == 0 {
		return
	}
	if front {
		f.queue = append(f.queue, added)
	} else {
		// Only the main file's includes go last, into an empty queue.
		f.queue = append([][]*job{added}, f.queue...)
	}
	f.queued += len(added)
	for f.workers < f.maxWorkers && f.workers < f.queued && !f.stop.Load() {
		f.workers++
		f.wg.Add(1)
		go f.work()
	}
}

// take removes the first job nobody has started from the queue and
// marks it started. f.mu must be held.
func (f *prefetcher) take() *job {
	for len(f.queue) > 0 {
		top := len(f.queue) - 1
		batch := f.queue[top]
		if len(batch) == 0 {
			f.queue[top] = nil
			f.queue = f.queue[:top]
			continue
		}
		j := batch[0]
		f.queue[top] = batch[1:]
		f.queued--
		if !j.started {
			j.started = true
			return j
		}
	}
	return nil
}

// work pre-parses queued files until there are none, or until stopped.
func (f *prefetcher) work() {
	defer f.wg.Done()
	var lines []doc.Line
	for {
		f.mu.Lock()
		var j *job
		if !f.stop.Load() {
			j = f.take()
		}
		if j == nil {
			f.workers--
			f.mu.Unlock()
			return
		}
		f.mu.Unlock()
		f.load(j, &lines)
	}
}

// get returns the pre-parsed file name, reading and parsing it now if
// no one has started it. While a worker is still on it, the caller
// pre-parses queued files rather than wait idle. Each file is handed out
// once: the result is not kept.
func (f *prefetcher) get(name string, lines *[]doc.Line) *parsedFile {
	for {
		f.mu.Lock()
		j := f.jobs[name]
		if j == nil || j.handedOut { // a second request: read it again
			j = &job{name: name, done: make(chan struct{})}
			f.jobs[name] = j
		}
		if !j.started {
			j.started = true
			f.mu.Unlock()
			f.load(j, lines)
			return f.handOut(j)
		}
		select {
		case <-j.done:
			f.mu.Unlock()
			return f.handOut(j)
		default:
		}
		other := f.take()
		f.mu.Unlock()
		if other == nil {
			<-j.done
			return f.handOut(j)
		}
		f.load(other, lines)
	}
}

// handOut returns the result of a finished job and drops it, so that
// consumed files can be collected while others are read. The job stays
// known, so that the file is not queued again.
func (f *prefetcher) handOut(j *job) *parsedFile {
	f.mu.Lock()
	defer f.mu.Unlock()
	pf := j.pf
	j.pf = nil
	j.handedOut = true
	return pf
}

// finish stops the workers and waits for them: pre-parses under way end
// at their next item, queued ones are dropped.
func (f *prefetcher) finish() {
	f.stop.Store(true)
	f.mu.Lock()
	f.queue, f.queued = nil, 0
	f.mu.Unlock()
	f.wg.Wait()
}
