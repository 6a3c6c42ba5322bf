// Package filesystem stores uploaded media on disk.
package filesystem

// Store keeps files under a directory.
type Store struct{ dir string }

// New returns a store.
func New() *Store { return &Store{dir: "uploads"} }

// Path is where a file is kept.
func (s *Store) Path(name string) string { return s.dir + "/" + name }
