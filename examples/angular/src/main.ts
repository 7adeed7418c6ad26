import { bootstrapApplication } from '@angular/platform-browser';
import { AppComponent } from './app/app.component';

// Angular 21 runs without zone.js by default: signals drive change detection.
bootstrapApplication(AppComponent).catch((error: unknown) => console.error(error));
