package price

import . "example.com/shop/internal/coreproduct/repository" // want `pricing imports example.com/shop/internal/coreproduct/repository, a private package`

var dotLimit = DefaultLimit
