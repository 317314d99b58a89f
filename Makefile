# Embassy — the two commands a newcomer needs are `make run` and `make test`.
# bash with pipefail: `go test ... | testreport` fails when go test fails, not only when testreport does.
SHELL       := bash
.SHELLFLAGS := -e -o pipefail -c

GO      ?= go
# Empty: the server's default, or EMBASSY_ADDR. `make run ADDR=:9000` passes -addr :9000.
ADDR    ?=
BIN     := bin
# Where `make web` puts the browser client; the server serves it at /play (its -web, EMBASSY_WEB).
WEB     := $(BIN)/web
# The browser client's entry point: cmd/embassy-web (js/wasm only).
WEB_MAIN := ./cmd/embassy-web

.PHONY: run web test setup vet wasm bench build client bots proto fuzz generate clean

run: ## build the browser client and the server into bin/ and start it with the default embassy; EMBASSY_* variables apply
	@echo "make run: building the browser client into $(WEB)/ and $(BIN)/embassy-server (the first build compiles every dependency: a few minutes)"
	@$(MAKE) --no-print-directory web || echo "make run: the browser client did not build (see above); the server starts anyway and /play says so"
	$(GO) build -o $(BIN)/embassy-server ./cmd/embassy-server
	$(BIN)/embassy-server -web $(WEB) $(if $(ADDR),-addr $(ADDR))

web: ## build the browser client (js/wasm), its gzip -9 copy and Go's wasm_exec.js into bin/web, which the server serves at /play
	@test -d $(WEB_MAIN) || { echo "make web: $(WEB_MAIN), the browser client's entry point, is not here yet: nothing to build"; exit 1; }
	@mkdir -p $(WEB)
	GOOS=js GOARCH=wasm $(GO) build -trimpath -ldflags='-s -w' -o $(WEB)/embassy.wasm.new $(WEB_MAIN)
	@# The best gzip level takes seconds: only for a changed client. The copy goes first, the .wasm
	@# last: a running server reads a new build when the .wasm changes, and sends the copy that holds it.
	@if [ -f $(WEB)/embassy.wasm.gz ] && cmp -s $(WEB)/embassy.wasm.new $(WEB)/embassy.wasm; then rm $(WEB)/embassy.wasm.new; \
	else echo "make web: compressing the client (gzip -9)"; gzip -9 -n -c $(WEB)/embassy.wasm.new > $(WEB)/embassy.wasm.gz.new; \
		mv $(WEB)/embassy.wasm.gz.new $(WEB)/embassy.wasm.gz; mv $(WEB)/embassy.wasm.new $(WEB)/embassy.wasm; fi
	@root="$$($(GO) env GOROOT)"; for f in "$$root/lib/wasm/wasm_exec.js" "$$root/misc/wasm/wasm_exec.js"; do \
		if [ -f "$$f" ]; then cp "$$f" $(WEB)/wasm_exec.js; echo "make web: $(WEB)/embassy.wasm ($$(du -h $(WEB)/embassy.wasm | cut -f1), $$(du -h $(WEB)/embassy.wasm.gz | cut -f1) gzip) and wasm_exec.js from $$f"; exit 0; fi; \
	done; echo "make web: wasm_exec.js is in neither $$root/lib/wasm nor $$root/misc/wasm"; exit 1

test: setup vet wasm ## install what the tests need, vet, the browser build, every test with the race detector
	$(GO) build -o $(BIN)/testreport ./internal/cmd/testreport
	$(GO) test -json -race -count=1 -timeout 20m ./... | $(BIN)/testreport -label "make test"

setup: ## install the system packages the tests need (as root; otherwise print the command)
	.ci/setup

vet:
	$(GO) vet ./...

wasm: ## the client must keep building for the browser
	GOOS=js GOARCH=wasm $(GO) build ./client/... $(wildcard $(WEB_MAIN))

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
