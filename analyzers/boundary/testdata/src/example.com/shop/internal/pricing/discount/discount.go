package discount

func Rate() float64 { return 0.1 }
