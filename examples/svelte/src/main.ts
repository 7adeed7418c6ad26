// Register the custom elements before Svelte renders them: Svelte 5 then sets `tokenProvider` as a
// property (it does so for any attribute the element has as a property).
import 'toucan-embed-loader';
import { mount } from 'svelte';
import App from './App.svelte';

mount(App, { target: document.getElementById('app')! });
