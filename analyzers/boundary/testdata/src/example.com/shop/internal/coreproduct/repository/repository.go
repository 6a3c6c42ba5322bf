// Package repository is core product's data access: private to coreproduct.
package repository

import "example.com/shop/internal/platform/money"

type Product struct {
	SKU   string
	Name  string
	Price money.Cents
}

type Products struct{ rows []Product }

func (p *Products) BySKU(sku string) Product {
	for _, r := range p.rows {
		if r.SKU == sku {
			return r
		}
	}
	return Product{}
}

func (p *Products) Count() int { return len(p.rows) }

const DefaultLimit = 50

var Default = &Products{}
