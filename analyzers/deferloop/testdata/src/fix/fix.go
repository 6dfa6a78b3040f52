package fix

import (
	"os"
	"sync"
)

var mu sync.Mutex

func lockEach(items []string) {
	for _, it := range items {
		mu.Lock()
		defer mu.Unlock() // want `self-deadlock`
		if it == "" {
			continue
		}
		println(it)
	}
}

func withReturn(items []string) error {
	for _, it := range items {
		f, err := os.Open(it)
		if err != nil {
			return err
		}
		defer f.Close() // want `stays open`
	}
	return nil
}

func innerBreak(items []string) {
	for _, it := range items {
		f, _ := os.Open(it)
		defer f.Close() // want `stays open`
		for i := 0; i < 3; i++ {
			if i == 1 {
				break
			}
		}
		switch it {
		case "x":
			break
		}
	}
}
