// A context's own external test may use its internals.
package search_test

import (
	"testing"

	"example.com/shop/internal/coreproduct/repository"
	"example.com/shop/internal/coreproduct/search"
)

func TestByName(t *testing.T) {
	if len(search.ByName("x")) != repository.Default.Count() {
		t.Fail()
	}
}
