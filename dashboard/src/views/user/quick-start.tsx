import { CopyButton } from "../../components/copy-button";
import { Panel } from "../../components/panel";

export function QuickStart() {
  // The key stays out of the snippet: it belongs in an environment variable, not in copied code.
  const snippet = `import OpenAI from "openai";

const client = new OpenAI({
  baseURL: "${location.origin}/v1",
  apiKey: process.env.CXMPUTE_API_KEY,
});

const reply = await client.chat.completions.create({
  model: "llama3:8b",
  messages: [{ role: "user", content: "Hello from Cxmpute!" }],
});
console.log(reply.choices[0].message.content);`;
  return (
    <Panel title="Quick start" id="quick-start" actions={<CopyButton text={snippet} label="Copy the quick-start code" />}>
      <p class="muted">
        Any OpenAI client works: point it at <code>{location.origin}/v1</code> and use one of your keys. <code>/chat/completions</code> earns the most points.
      </p>
      <pre class="snippet" tabIndex={0}>
        <code>{snippet}</code>
      </pre>
    </Panel>
  );
}
