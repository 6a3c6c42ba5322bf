module example.com/ormshop

go 1.26
