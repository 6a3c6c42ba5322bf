// Package schema stands in for github.com/uptrace/bun/schema in the analyzer's tests.
package schema

// BaseModel carries a model's table in its bun tag.
type BaseModel struct{}
