// Shared by the node suites: where samples go, and small timing helpers.
//
// A sample is one measured value: {figure, system, round, value, unit}, appended as a JSON line
// to $BENCH_SAMPLES (bench/run.sh sets it); bench/lib/report.py turns them into the table, the
// CSV and the chart.
import { appendFileSync } from "node:fs"
import http from "node:http"
import net from "node:net"

const file = process.env.BENCH_SAMPLES
if (!file) throw new Error("BENCH_SAMPLES is not set: run the suite through bench/run.sh")

export const MIB = 1024 * 1024

export const rounds = (() => {
  const n = Number(process.env.BENCH_ROUNDS ?? 10)
  if (!Number.isInteger(n) || n < 1) throw new Error(`BENCH_ROUNDS must be a whole number ≥ 1, not "${process.env.BENCH_ROUNDS}"`)
  return n
})()

export function sample(figure, system, round, value, unit) {
  appendFileSync(file, JSON.stringify({ figure, system, round, value, unit }) + "\n")
}

/** Progress on stderr, so stdout stays for the report. */
export const log = (...args) => console.error("bench:", ...args)

/** A TCP port of this machine that nothing listens on right now. */
export async function freePort() {
  const server = net.createServer().listen(0, "127.0.0.1")
  await new Promise((r) => server.once("listening", r))
  const { port } = server.address()
  await new Promise((r) => server.close(r))
  return port
}

/**
 * GET url on a new connection (as a user's first request would be; for Berth's `up` every
 * connection has its own port-forward). Time to first byte: from the request until the response
 * headers arrived. Throughput: body bytes over the whole request time. The body is kept and
 * returned so that its digest is computed after the clock stopped.
 */
export function timedGet(url) {
  return new Promise((resolve, reject) => {
    const started = performance.now()
    const request = http.get(url, { agent: false }, (response) => {
      const firstByte = performance.now()
      if (response.statusCode !== 200) {
        response.resume()
        return reject(new Error(`GET ${url}: HTTP ${response.statusCode}`))
      }
      const chunks = []
      let bytes = 0
      response.on("data", (chunk) => {
        chunks.push(chunk)
        bytes += chunk.length
      })
      response.on("end", () => {
        const ended = performance.now()
        resolve({
          ttfbMs: firstByte - started,
          mibPerSecond: bytes / MIB / ((ended - started) / 1000),
          bytes,
          body: Buffer.concat(chunks, bytes),
        })
      })
      response.on("error", reject)
    })
    request.on("error", reject)
  })
}

/** Polls url until it answers (an `up` port is bound once its service is Ready). */
export async function waitUntilServing(url, timeoutMs = 300000) {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    try {
      const response = await fetch(url)
      await response.arrayBuffer()
      return
    } catch (e) {
      if (Date.now() > deadline) throw new Error(`${url} did not answer within ${timeoutMs / 1000} s: ${e.cause ?? e}`)
      await new Promise((r) => setTimeout(r, 250))
    }
  }
}
