// Must stay the first import (see the module).
import './zodConfig.js';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { api, type Client } from './api/client.js';
import { App } from './app/App.js';
import { ApiProvider } from './ui/apiContext.js';
import './styles.css';

const root = createRoot(document.getElementById('root') as HTMLElement);

let client: Client | null = null;
let failure = '';
try {
  client = api();
} catch (err) {
  failure = err instanceof Error ? err.message : String(err);
}

root.render(
  <StrictMode>
    {client ? (
      <ApiProvider client={client}>
        <App />
      </ApiProvider>
    ) : (
      <div className="fatal" role="alert">
        <h1>SV Workbench cannot reach its engine</h1>
        <p>{failure}</p>
      </div>
    )}
  </StrictMode>,
);
