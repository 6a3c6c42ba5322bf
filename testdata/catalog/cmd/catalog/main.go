// Command catalog wires the catalog monolith together and answers one
// question from the command line:
//
//	catalog search NAME
//	catalog price SKU
//	catalog range CATEGORY
//	catalog sale SKU on|off
//	catalog campaign ID
//
// It connects to the database named by -dsn or $DATABASE_URL through the
// database/sql driver registered as "postgres".
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log"
	"os"
	"os/signal"

	"example.com/catalog/internal/catalog"
	"example.com/catalog/internal/coreproduct"
	"example.com/catalog/internal/coreproduct/api"
	"example.com/catalog/internal/inventory"
	"example.com/catalog/internal/marketing"
	"example.com/catalog/internal/platform/db"
	"example.com/catalog/internal/pricing"
)

func main() {
	log.SetFlags(0)
	log.SetPrefix("catalog: ")
	dsn := flag.String("dsn", os.Getenv("DATABASE_URL"), "PostgreSQL connection string")
	flag.Parse()
	if flag.NArg() != 2 && flag.NArg() != 3 {
		flag.Usage()
		os.Exit(2)
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := run(ctx, *dsn, flag.Args()); err != nil {
		log.Fatal(err)
	}
}

func run(ctx context.Context, dsn string, args []string) error {
	pool, err := db.Open(ctx, dsn)
	if err != nil {
		return err
	}
	defer pool.Close()

	products := api.NewClient(coreproduct.NewService(pool))
	prices := pricing.NewService(pool, products)
	stock := inventory.NewService(pool, products)
	campaigns := marketing.NewService(pool, products, stock)
	svc := catalog.NewService(products, prices)

	switch cmd, arg := args[0], args[1]; cmd {
	case "search":
		ps, err := svc.SearchProduct(ctx, arg)
		if err != nil {
			return err
		}
		for _, p := range ps {
			fmt.Printf("%s\t%s\t%s\n", p.SKU, p.Name, p.CategoryName)
		}
	case "price":
		price, err := svc.GetPriceFor(ctx, arg)
		if err != nil {
			return err
		}
		fmt.Printf("%.2f\n", price)
	case "range":
		r, err := svc.GetPriceRangeFor(ctx, arg)
		if err != nil {
			return err
		}
		fmt.Printf("%.2f-%.2f\n", r.Low, r.High)
	case "sale":
		if len(args) != 3 {
			return errors.New("usage: catalog sale SKU on|off")
		}
		return svc.UpdateIsOnSaleFor(ctx, arg, args[2] == "on")
	case "campaign":
		var id int64
		if _, err := fmt.Sscan(arg, &id); err != nil {
			return fmt.Errorf("campaign id %q: %w", arg, err)
		}
		cs, err := campaigns.Candidates(ctx, id)
		if err != nil {
			return err
		}
		for _, c := range cs {
			fmt.Printf("%s\t%s\t%d\n", c.SKU, c.Name, c.Quantity)
		}
	default:
		return fmt.Errorf("unknown command %q", cmd)
	}
	return nil
}
