# Embassy — the two commands a newcomer needs are `make run` and `make test`.
GO      ?= go
ADDR    ?= :8080
BIN     := bin

.PHONY: run test vet bench build client bots proto fuzz generate clean

run: ## start the server with the default embassy, in-process presence
	$(GO) run ./cmd/embassy-server -addr $(ADDR)

test: vet ## vet, then every test with the race detector
	$(GO) test -race -count=1 -timeout 20m ./...

vet:
	$(GO) vet ./...

bench: ## the Go benchmarks: codec, interest management, a 1,000-avatar room tick
	$(GO) test -run '^$$' -bench . -benchmem ./shared/... ./server/...

build:
	$(GO) build -o $(BIN)/ ./cmd/...

client: ## the desktop client against a local server
	$(GO) run ./cmd/embassy-client -server ws://127.0.0.1:8080/ws

bots: ## 200 wandering visitors against a local server
	$(GO) run ./cmd/embassy-bots -server ws://127.0.0.1:8080/ws -n 200 -room reception -duration 20s

proto: ## regenerate shared/protocol/pb from embassy.proto (needs protoc and protoc-gen-go v1.36.12)
	cd shared/protocol && protoc --go_out=pb --go_opt=paths=source_relative embassy.proto

generate: ## regenerate the default embassy's maps and tileset
	$(GO) run ./assets/gen

fuzz: ## run each fuzzer for a while
	$(GO) test -run '^$$' -fuzz FuzzDecodeClient -fuzztime 60s ./shared/protocol
	$(GO) test -run '^$$' -fuzz FuzzDecodeMoves -fuzztime 60s ./shared/protocol
	$(GO) test -run '^$$' -fuzz FuzzViewApply -fuzztime 60s ./client

clean:
	rm -rf $(BIN)
