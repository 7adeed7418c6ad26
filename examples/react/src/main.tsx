// Register the custom elements before React renders them: React 19 then sets `tokenProvider` and
// `tokenRequest` as properties (it does so for any prop the element has as a property).
import 'toucan-embed-loader';
import type {} from 'toucan-embed-loader/react'; // JSX typings of <toucan-dashboard> (type-only)
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.tsx';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
