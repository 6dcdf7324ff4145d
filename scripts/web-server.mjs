// The static server of the browser simulation page (`npm run web`): web/ at
// `/`, and the library bundle dist/index.js at `/spanker-scheduler.js` (the
// page's import map points `spanker-scheduler` there). Files only — the page
// computes everything itself and sends nothing back.
//
// Usage: node scripts/web-server.mjs [--port N] [--host H]
//   port: --port, else the PORT environment variable, else 5173 (0: any free port);
//   host: --host, else 127.0.0.1 (this machine only).
// Prints the page's URL once listening; Ctrl-C stops it.
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { dirname, extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const webRoot = join(root, 'web');
const LIBRARY_PATH = '/spanker-scheduler.js';
const LIBRARY_FILE = join(root, 'dist', 'index.js');
const PAGE_BUNDLE = join(webRoot, 'dist', 'page.js');
const WORKER_BUNDLE = join(webRoot, 'dist', 'worker.js');
const DEFAULT_PORT = 5173;

const CONTENT_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
};

/** `--name value` or `--name=value` from argv, else undefined. */
function flag(name) {
  const args = process.argv.slice(2);
  for (let i = 0; i < args.length; i++) {
    if (args[i] === `--${name}`) return args[i + 1];
    if (args[i].startsWith(`--${name}=`)) return args[i].slice(name.length + 3);
  }
  return undefined;
}

function fail(message) {
  console.error(`web-server: ${message}`);
  process.exit(1);
}

const portText = flag('port') ?? process.env.PORT ?? String(DEFAULT_PORT);
const port = Number(portText);
if (!/^\d+$/.test(portText) || port > 65535) fail(`port must be an integer 0..65535, got ${JSON.stringify(portText)}`);
const host = flag('host') ?? '127.0.0.1';

for (const file of [LIBRARY_FILE, PAGE_BUNDLE, WORKER_BUNDLE]) {
  if (!existsSync(file)) fail(`${file.slice(root.length + 1)} is missing: run \`npm run build\` first`);
}

/** The file a URL path names, or undefined when it is outside what is served. */
function fileFor(urlPath) {
  if (urlPath === LIBRARY_PATH) return LIBRARY_FILE;
  const relative = urlPath.endsWith('/') ? `${urlPath}index.html` : urlPath;
  const file = normalize(join(webRoot, relative));
  return file.startsWith(webRoot + sep) ? file : undefined;
}

const server = createServer((request, response) => {
  let urlPath;
  try {
    urlPath = decodeURIComponent(new URL(request.url ?? '/', 'http://localhost').pathname);
  } catch {
    urlPath = undefined;
  }
  const file = urlPath === undefined ? undefined : fileFor(urlPath);
  const send = (status, text) => {
    response.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' });
    response.end(text);
  };
  if (request.method !== 'GET' && request.method !== 'HEAD') return send(405, 'GET only\n');
  if (file === undefined || !existsSync(file) || !statSync(file).isFile()) return send(404, `not found: ${request.url}\n`);
  response.writeHead(200, {
    'content-type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream',
    // Always the file on disk: a rebuild shows on the next reload.
    'cache-control': 'no-store',
  });
  if (request.method === 'HEAD') return response.end();
  createReadStream(file).pipe(response);
});

server.on('error', (error) => fail(error.code === 'EADDRINUSE' ? `port ${port} is in use: pass --port N or set PORT` : error.message));
server.listen(port, host, () => {
  const address = server.address();
  const shownHost = host === '127.0.0.1' || host === '0.0.0.0' ? 'localhost' : host;
  console.log(`spanker-scheduler simulation page: http://${shownHost}:${address.port}/`);
});
