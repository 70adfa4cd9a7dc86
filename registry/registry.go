package registry

import (
	"errors"
	"fmt"
	"sort"
	"strings"
	"sync"
)

var (
	mu        sync.RWMutex
	functions = map[string]*Function{} // by key
	backends  = map[string]*Backend{}  // by library name
)

// Register adds functions to the registry. Generated code calls it from init. It panics
// if a key is registered twice or a function's metadata is invalid, like sql.Register.
func Register(fns ...Function) {
	mu.Lock()
	defer mu.Unlock()
	for i := range fns {
		f := fns[i]
		if err := f.validate(); err != nil {
			panic("registry: Register: " + err.Error())
		}
		if _, dup := functions[f.Key()]; dup {
			panic("registry: Register called twice for " + f.Key())
		}
		functions[f.Key()] = &f
	}
}

// ErrNotFound is matched (errors.Is) by every lookup failure.
var ErrNotFound = errors.New("function not found")

// NotFoundError says which name was not found and, where one helps, what was meant.
type NotFoundError struct {
	Name string
	Hint string
}

func (e *NotFoundError) Error() string {
	msg := fmt.Sprintf("no function %q", e.Name)
	if e.Hint != "" {
		msg += " (" + e.Hint + ")"
	}
	return msg
}

func (e *NotFoundError) Unwrap() error { return ErrNotFound }

// Lookup returns the function for a key ("cpu:gaussian_filter") or a bare name
// ("gaussian_filter"). A bare name resolves to the first available library in
// Preference order that has it, passing over backends whose Auto says they defer
// unless no other library has the name.
func Lookup(name string) (*Function, error) {
	mu.RLock()
	defer mu.RUnlock()
	if lib, op, ok := strings.Cut(name, ":"); ok {
		if f := functions[name]; f != nil {
			return f, nil
		}
		return nil, notFound(name, op, lib)
	}
	var why []string
	var deferred *Function // the first available library whose backend defers (Backend.Auto)
	for _, lib := range preferenceLocked() {
		f := functions[lib+":"+name]
		if f == nil {
			continue
		}
		if err := backendErrLocked(lib); err != nil {
			why = append(why, err.Error())
			continue
		}
		if autoErrLocked(lib) != nil {
			if deferred == nil {
				deferred = f
			}
			continue
		}
		return f, nil
	}
	if deferred != nil {
		return deferred, nil
	}
	if len(why) > 0 {
		return nil, fmt.Errorf("%s is registered but no backend for it is available: %s", name, strings.Join(why, "; "))
	}
	return nil, notFound(name, name, "")
}

// notFound builds the error for a name that is not registered, with the nearest name or
// the libraries that do have it.
func notFound(full, op, lib string) error {
	var libs []string
	for _, f := range functions {
		if f.Name == op {
			libs = append(libs, f.Key())
		}
	}
	sort.Strings(libs)
	e := &NotFoundError{Name: full}
	switch {
	case len(libs) > 0:
		e.Hint = fmt.Sprintf("library %q has no %s; registered: %s", lib, op, strings.Join(libs, ", "))
	default:
		if s := closest(op, namesLocked()); s != "" {
			e.Hint = fmt.Sprintf("did you mean %s?", s)
		} else {
			e.Hint = "run 'kernreg list' for the registered names"
		}
	}
	return e
}

// Filter selects functions in Functions; zero fields match everything.
type Filter struct {
	Library  string
	Contract Contract
	Tag      string
	Name     string
}

// Functions returns the registered functions that match f, sorted by key.
func Functions(f Filter) []*Function {
	mu.RLock()
	defer mu.RUnlock()
	var out []*Function
	for _, fn := range functions {
		if (f.Library == "" || fn.Library == f.Library) &&
			(f.Contract == 0 || fn.Contract == f.Contract) &&
			(f.Tag == "" || fn.HasTag(f.Tag)) &&
			(f.Name == "" || fn.Name == f.Name) {
			out = append(out, fn)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Key() < out[j].Key() })
	return out
}

// Names returns the sorted bare names of all registered operations.
func Names() []string {
	mu.RLock()
	defer mu.RUnlock()
	return namesLocked()
}

func namesLocked() []string {
	seen := map[string]bool{}
	var out []string
	for _, f := range functions {
		if !seen[f.Name] {
			seen[f.Name] = true
			out = append(out, f.Name)
		}
	}
	sort.Strings(out)
	return out
}

// Libraries returns the sorted names of the libraries that have registered functions.
func Libraries() []string {
	mu.RLock()
	defer mu.RUnlock()
	seen := map[string]bool{}
	var out []string
	for _, f := range functions {
		if !seen[f.Library] {
			seen[f.Library] = true
			out = append(out, f.Library)
		}
	}
	sort.Strings(out)
	return out
}
