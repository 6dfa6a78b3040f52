module example.com/incidents

go 1.26.0
