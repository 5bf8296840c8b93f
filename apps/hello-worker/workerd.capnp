# workerd's config for the worker: `pnpm build`, then `pnpm serve` (workerd serve workerd.capnp)
# and open http://127.0.0.1:8787. On Cloudflare, wrangler.toml plays this part.
using Workerd = import "/workerd/workerd.capnp";

const config :Workerd.Config = (
  services = [ (name = "main", worker = .worker) ],
  sockets = [ (name = "http", address = "127.0.0.1:8787", http = (), service = "main") ],
);

const worker :Workerd.Worker = (
  modules = [ (name = "worker.js", esModule = embed "dist/worker.js") ],
  compatibilityDate = "2025-09-01",
  compatibilityFlags = ["nodejs_compat"],
  bindings = [ (name = "SECRET_KEY", text = "dev-only-secret-change-me") ],
);
