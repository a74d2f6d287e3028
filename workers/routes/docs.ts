import { Hono } from "hono";
import type { AppEnv } from "../types";

// Self-contained (no CDN at runtime): renders /openapi.json as a readable reference.
const PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Cxmpute API reference</title>
<style>
body{font:15px/1.5 system-ui,sans-serif;margin:0;color:#0f172a;background:#f8fafc}
header{background:#0b3b5c;color:#fff;padding:1.2rem 2rem}main{max-width:960px;margin:0 auto;padding:1rem 2rem}
.op{background:#fff;border:1px solid #cbd5e1;border-radius:8px;margin:.8rem 0;padding:.6rem 1rem}
.m{display:inline-block;min-width:4.5rem;font-weight:700;text-transform:uppercase}
.get{color:#047857}.post{color:#1d4ed8}.delete{color:#b91c1c}.put,.patch{color:#a16207}
code,pre{font-family:ui-monospace,monospace}pre{background:#f1f5f9;padding:.6rem;overflow:auto;border-radius:6px}
details summary{cursor:pointer}
</style></head><body>
<header><h1>Cxmpute API</h1><p>OpenAI-compatible inference on a decentralized network. Machine-readable spec: <a style="color:#bae6fd" href="/openapi.json">/openapi.json</a></p></header>
<main id="root"><p>Loading…</p></main>
<script>
fetch('/openapi.json').then(r=>r.json()).then(spec=>{
  const root=document.getElementById('root');root.textContent='';
  const esc=s=>String(s).replace(/[&<>"]/g,c=>({'&':'&amp;','<':'&lt;','>':'&gt;','"':'&quot;'}[c]));
  for(const [path,ops] of Object.entries(spec.paths||{})){
    for(const [method,op] of Object.entries(ops)){
      const el=document.createElement('section');el.className='op';
      const body=op.requestBody&&op.requestBody.content&&op.requestBody.content['application/json'];
      const codes=Object.keys(op.responses||{}).join(', ');
      el.innerHTML='<div><span class="m '+esc(method)+'">'+esc(method)+'</span> <code>'+esc(path)+'</code></div>'+
        (op.summary?'<p>'+esc(op.summary)+'</p>':'')+
        '<p>Responses: '+esc(codes)+(op.security?' · requires Bearer auth':'')+'</p>'+
        (body?'<details><summary>Request body schema</summary><pre>'+esc(JSON.stringify(body.schema,null,2))+'</pre></details>':'');
      root.appendChild(el);
    }
  }
}).catch(e=>{document.getElementById('root').textContent='Could not load /openapi.json: '+e});
</script></body></html>`;

export const docs = new Hono<AppEnv>().get("/docs", (c) => c.html(PAGE));
