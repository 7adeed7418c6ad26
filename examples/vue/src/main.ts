import 'toucan-embed-loader'; // registers <toucan-dashboard> and <toucan-ai-assistant>
import type {} from 'toucan-embed-loader/vue'; // template typings of the elements, for vue-tsc (type-only)
import { createApp } from 'vue';
import App from './App.vue';

createApp(App).mount('#app');
