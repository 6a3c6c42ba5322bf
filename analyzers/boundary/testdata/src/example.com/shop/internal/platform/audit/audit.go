// Package audit is shared kernel too: it may import any context's internals.
package audit

import "example.com/shop/internal/coreproduct/repository"

var Limit = repository.DefaultLimit + repository.Default.Count()
