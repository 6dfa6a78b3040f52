// Package main is the notification service of incident 4: one binary run as
// api, web and queue worker by three Deployments in deploy/, whose env blocks
// were copied between files. The queue worker's copy of PUSH_TOKEN kept a
// left-behind second `key:` line inside its secretKeyRef; YAML keeps the last
// value, so the worker read a key the Secret does not have.
package main

import (
	"fmt"
	"os"
)

const pushTokenVar = "PUSH_TOKEN"

func main() {
	queue := os.Getenv("QUEUE_URL")
	token, ok := os.LookupEnv(pushTokenVar)
	if !ok {
		fmt.Fprintln(os.Stderr, "PUSH_TOKEN not set")
	}
	level := os.Getenv("LOG_LEVEL")
	fmt.Println(queue, len(token), level)
}
