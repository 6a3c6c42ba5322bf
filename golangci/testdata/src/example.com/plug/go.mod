// This file only tells faultline's config where the module root is: analysistest
// loads the tree in GOPATH mode, where go.mod is ignored.
module example.com/plug

go 1.26
