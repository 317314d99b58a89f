// Package webtest tries the browser client for real: it builds cmd/embassy-web for js/wasm, serves
// it from a real server node, and drives headless Chromium (chromedp) through the page. Its tests
// need chromium (.ci/setup installs it); outside CI they skip, loudly, without it.
package webtest
