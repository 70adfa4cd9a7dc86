package registry

import (
	"fmt"
	"math"
	"reflect"
	"sort"
	"strconv"
	"strings"
)

// Values holds parameter values by name. A value is either a string in the syntax a user
// types on the command line ("2.5", "reflect", "true", "3,5") or a typed Go value
// (float64, int, bool, string, []float64, []int, or any numeric kind that converts exactly).
// A missing parameter takes its default, and so do the zero values that cannot be meant
// literally: an empty string for a string parameter and an empty slice for a list.
type Values map[string]any

// CheckNames reports the first parameter name that f does not have, with the valid names.
func (f *Function) CheckNames(v Values) error {
	names := make([]string, 0, len(v))
	for k := range v {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, k := range names {
		if _, ok := f.Param(k); !ok {
			valid := make([]string, len(f.Params))
			for i, p := range f.Params {
				valid[i] = p.Name
			}
			if len(valid) == 0 {
				return fmt.Errorf("unknown parameter %q: %s takes no parameters", k, f.Name)
			}
			hint := ""
			if s := closest(k, valid); s != "" {
				hint = fmt.Sprintf("did you mean %q? ", s)
			}
			return fmt.Errorf("unknown parameter %q (%svalid: %s)", k, hint, strings.Join(valid, ", "))
		}
	}
	return nil
}

func (v Values) raw(p *Param) (any, error) {
	x, ok := v[p.Name]
	if ok && !isEmpty(x) {
		return x, nil
	}
	if p.Required() {
		return nil, fmt.Errorf("missing required parameter %s (%s)", p.Name, p.Type)
	}
	return p.Default, nil
}

// Float returns the value of a float parameter, checked against its range.
func (v Values) Float(p *Param) (float64, error) {
	x, err := v.raw(p)
	if err != nil {
		return 0, err
	}
	f, err := toFloat(x)
	if err != nil {
		return 0, fmt.Errorf("%s: %v", p.Name, err)
	}
	return f, p.checkRange(f)
}

// Int returns the value of an int parameter, checked against its range.
func (v Values) Int(p *Param) (int, error) {
	x, err := v.raw(p)
	if err != nil {
		return 0, err
	}
	i, err := toInt(x)
	if err != nil {
		return 0, fmt.Errorf("%s: %v", p.Name, err)
	}
	return i, p.checkRange(float64(i))
}

// Bool returns the value of a bool parameter.
func (v Values) Bool(p *Param) (bool, error) {
	x, err := v.raw(p)
	if err != nil {
		return false, err
	}
	switch b := x.(type) {
	case bool:
		return b, nil
	case string:
		r, err := strconv.ParseBool(b)
		if err != nil {
			return false, fmt.Errorf("%s: want true or false, got %q", p.Name, b)
		}
		return r, nil
	}
	return false, fmt.Errorf("%s: want a bool, got %T", p.Name, x)
}

// String returns the value of a string parameter, checked against its enum.
func (v Values) String(p *Param) (string, error) {
	x, err := v.raw(p)
	if err != nil {
		return "", err
	}
	s, ok := x.(string)
	if !ok {
		return "", fmt.Errorf("%s: want a string, got %T", p.Name, x)
	}
	if len(p.Enum) > 0 {
		for _, e := range p.Enum {
			if s == e {
				return s, nil
			}
		}
		hint := ""
		if c := closest(s, p.Enum); c != "" {
			hint = fmt.Sprintf(" (did you mean %q?)", c)
		}
		return "", fmt.Errorf("%s must be one of %s, got %q%s", p.Name, strings.Join(p.Enum, ", "), s, hint)
	}
	return s, nil
}

// Floats returns the value of a float-list parameter; each element is range checked.
func (v Values) Floats(p *Param) ([]float64, error) {
	x, err := v.raw(p)
	if err != nil {
		return nil, err
	}
	items, err := listItems(x)
	if err != nil {
		return nil, fmt.Errorf("%s: %v", p.Name, err)
	}
	out := make([]float64, len(items))
	for i, it := range items {
		if out[i], err = toFloat(it); err != nil {
			return nil, fmt.Errorf("%s: %v", p.Name, err)
		}
		if err := p.checkRange(out[i]); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// Ints returns the value of an int-list parameter; each element is range checked.
func (v Values) Ints(p *Param) ([]int, error) {
	x, err := v.raw(p)
	if err != nil {
		return nil, err
	}
	items, err := listItems(x)
	if err != nil {
		return nil, fmt.Errorf("%s: %v", p.Name, err)
	}
	out := make([]int, len(items))
	for i, it := range items {
		if out[i], err = toInt(it); err != nil {
			return nil, fmt.Errorf("%s: %v", p.Name, err)
		}
		if err := p.checkRange(float64(out[i])); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// isEmpty reports whether x is an empty string or an empty (or nil) slice.
func isEmpty(x any) bool {
	if s, ok := x.(string); ok {
		return s == ""
	}
	rv := reflect.ValueOf(x)
	return rv.Kind() == reflect.Slice && rv.Len() == 0
}

func (p *Param) checkRange(f float64) error {
	if p.Min != nil && !(f >= *p.Min) {
		return fmt.Errorf("%s must be >= %v, got %v", p.Name, *p.Min, f)
	}
	if p.Max != nil && !(f <= *p.Max) {
		return fmt.Errorf("%s must be <= %v, got %v", p.Name, *p.Max, f)
	}
	return nil
}

// listItems splits "1,2,3", "(1, 2)", "[1,2]", a single scalar or a Go slice into items.
func listItems(x any) ([]any, error) {
	if s, ok := x.(string); ok {
		s = strings.Trim(strings.TrimSpace(s), "()[]")
		if strings.TrimSpace(s) == "" {
			return nil, fmt.Errorf("want one or more comma-separated numbers, got %q", x)
		}
		parts := strings.Split(s, ",")
		out := make([]any, len(parts))
		for i, p := range parts {
			out[i] = strings.TrimSpace(p)
		}
		return out, nil
	}
	rv := reflect.ValueOf(x)
	if rv.Kind() == reflect.Slice || rv.Kind() == reflect.Array {
		if rv.Len() == 0 {
			return nil, fmt.Errorf("want one or more numbers, got an empty list")
		}
		out := make([]any, rv.Len())
		for i := range out {
			out[i] = rv.Index(i).Interface()
		}
		return out, nil
	}
	return []any{x}, nil
}

func toFloat(x any) (float64, error) {
	switch n := x.(type) {
	case string:
		f, err := strconv.ParseFloat(strings.TrimSpace(n), 64)
		if err != nil {
			return 0, fmt.Errorf("want a number, got %q", n)
		}
		return f, nil
	case float64:
		return n, nil
	case float32:
		return float64(n), nil
	}
	rv := reflect.ValueOf(x)
	switch rv.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return float64(rv.Int()), nil
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return float64(rv.Uint()), nil
	}
	return 0, fmt.Errorf("want a number, got %T", x)
}

func toInt(x any) (int, error) {
	if s, ok := x.(string); ok {
		i, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil {
			return 0, fmt.Errorf("want an integer, got %q", s)
		}
		return i, nil
	}
	f, err := toFloat(x)
	if err != nil {
		return 0, fmt.Errorf("want an integer, got %T", x)
	}
	if f != math.Trunc(f) || math.Abs(f) > 1<<53 {
		return 0, fmt.Errorf("want an integer, got %v", f)
	}
	return int(f), nil
}

// closest returns the candidate nearest to s within edit distance 2, comparing s with
// each candidate and with each of its leading word groups ("gausian" finds
// gaussian_filter through "gaussian"), or "" if none is that close.
func closest(s string, candidates []string) string {
	best, bestD := "", 3
	for _, c := range candidates {
		words := strings.Split(c, "_")
		for i := len(words); i >= 1; i-- {
			if d := editDistance(s, strings.Join(words[:i], "_")); d < bestD {
				best, bestD = c, d
			}
		}
	}
	if best == "" && len(s) >= 3 {
		for _, c := range candidates {
			if strings.HasPrefix(c, s) {
				return c
			}
		}
	}
	return best
}

func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
