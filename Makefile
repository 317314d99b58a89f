# Embassy — the two commands a newcomer needs are `make run` and `make test`.
# bash with pipefail: `go test ... | testreport` fails when go test fails, not only when testreport does.
SHELL       := bash
.SHELLFLAGS := -e -o pipefail -c

GO      ?= go
# Empty: the server's default, or EMBASSY_ADDR. `make run ADDR=:9000` passes -addr :9000.
ADDR    ?=
BIN     := bin

.PHONY: run test setup vet wasm bench build client bots proto fuzz generate clean

run: ## build the server into bin/ and start it with the default embassy; EMBASSY_* variables apply
	@echo "make run: building $(BIN)/embassy-server (the first build compiles every dependency: a few minutes)"
	$(GO) build -o $(BIN)/embassy-server ./cmd/embassy-server
	$(BIN)/embassy-server $(if $(ADDR),-addr $(ADDR))

test: setup vet wasm ## install what the tests need, vet, the browser build, every test with the race detector
	$(GO) build -o $(BIN)/testreport ./internal/cmd/testreport
	$(GO) test -json -race -count=1 -timeout 20m ./... | $(BIN)/testreport -label "make test"

setup: ## install the system packages the tests need (as root; otherwise print the command)
	.ci/setup

vet:
	$(GO) vet ./...

wasm: ## the client must keep building for the browser
	GOOS=js GOARCH=wasm $(GO) build ./client/...

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
	$(GO) test -run '^$$' -fuzz FuzzVerify -fuzztime 60s ./server/identity
	$(GO) test -run '^$$' -fuzz FuzzNames -fuzztime 60s ./shared/names
	$(GO) test -run '^$$' -fuzz FuzzAdminDecode -fuzztime 60s ./server/httpapi
	$(GO) test -run '^$$' -fuzz FuzzJitterBuffer -fuzztime 60s ./client/audio
	$(GO) test -run '^$$' -fuzz FuzzOpusDecode -fuzztime 60s ./client/audio

clean:
	rm -rf $(BIN)
