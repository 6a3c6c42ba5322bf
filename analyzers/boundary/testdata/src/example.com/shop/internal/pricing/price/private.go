package price

import "example.com/shop/internal/coreproduct/repository" // want `pricing imports example.com/shop/internal/coreproduct/repository, a private package of coreproduct`

// The import is the finding; the objects it brings in are not reported again.
var limit = repository.DefaultLimit + repository.Default.Count()
