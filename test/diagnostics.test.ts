// The development build (what the `development` export condition resolves): one console warning
// with a hint per setup mistake, once per wrapper and kind.
import './fixtures/vendor.js';
import { expect } from 'chai';
import { configure } from '../src/development.js';
import { resetConfig } from '../src/config.js';
import { oneEditAway } from '../src/diagnostics.js';
import { scenarios } from './diagnostics-scenarios.js';
import { mockEndpoint, mount, settle, unmountAll, until } from './helpers.js';

let warnings: string[];
const { warn } = console;
beforeEach(() => {
  warnings = [];
  console.warn = (...args: unknown[]) => warnings.push(String(args[0]));
});
afterEach(async () => {
  console.warn = warn;
  unmountAll();
  await settle(0);
  resetConfig();
});

describe('development diagnostics', () => {
  it('a misspelt own attribute: names the attribute it was one edit away from', async () => {
    await scenarios['a misspelt own attribute']();
    const hints = warnings.filter((text) => text.includes('did you mean'));
    expect(hints).to.have.length(1);
    expect(hints[0]).to.include('<toucan-dashboard> has the attribute "token-endpont": did you mean "token-endpoint"?');
  });

  it('a cross-origin endpoint without CORS and same-origin credentials: says include and the CORS headers', async () => {
    await scenarios['a cross-origin endpoint unreadable without CORS while credentials are same-origin']();
    const hint = warnings.find((text) => text.includes('another origin'));
    expect(hint).to.include('status 0').and.include('token-credentials="include"');
    expect(hint)
      .to.include(`Access-Control-Allow-Origin: ${location.origin}`)
      .and.include('Access-Control-Allow-Credentials: true');
  });

  it('a cross-origin endpoint answering 401 with same-origin credentials: says the cookies were not sent', async () => {
    await scenarios['a cross-origin endpoint answering 401 while credentials are same-origin']();
    const hint = warnings.find((text) => text.includes('another origin'));
    expect(hint).to.include('answered 401').and.include('cookies were not sent').and.include('token-credentials="include"');
  });

  it('a ready wrapper 0 px high: says to give it a height', async () => {
    await scenarios['a ready wrapper with no height']();
    expect(warnings.filter((text) => text.includes('0 px high'))).to.have.length(1);
  });

  it('a ready wrapper with a height: no height warning', async () => {
    const api = await mockEndpoint();
    const el = mount(`<toucan-dashboard token-endpoint="${api.url}" style="height: 300px"></toucan-dashboard>`);
    await until(() => el.getAttribute('state') === 'ready', 'ready');
    await settle(50);
    expect(warnings).to.deep.equal([]);
  });

  it('configure() after a wrapper started: says the wrapper keeps its settings', async () => {
    await scenarios['configure() after the wrapper started']();
    expect(warnings.filter((text) => text.includes('keeps the settings it started with'))).to.have.length(1);
  });

  it('configure() that rescues a wrapper stopped by a config error: no warning about it', async () => {
    const el = mount('<toucan-dashboard style="height: 10px"></toucan-dashboard>');
    await until(() => el.getAttribute('state') === 'error', 'config error');
    warnings = [];
    const api = await mockEndpoint();
    configure({ tokenEndpoint: api.url });
    await until(() => el.getAttribute('state') === 'ready', 'ready');
    expect(warnings).to.deep.equal([]);
  });

  it('a second copy of the package: warns once, with the versions', async () => {
    await scenarios['a second copy of the package']();
    expect(warnings.filter((text) => text.includes('copies of the package are loaded'))).to.have.length(1);
  });

  it('the error state: repeats the message with a hint, once per wrapper and kind', async () => {
    const el = await scenarios['the error state']();
    const shown = warnings.filter((text) => text.includes('is in state "error"'));
    expect(shown).to.have.length(1);
    expect(shown[0]).to.include('(http)').and.include('HTTP 404').and.include('token-method');
    await el!.refresh().catch(() => {});
    await until(() => el!.state === 'error', 'error again');
    expect(warnings.filter((text) => text.includes('is in state "error"'))).to.have.length(1);
  });
});

describe('oneEditAway', () => {
  it('holds for one insertion, deletion, substitution or swap, and not otherwise', () => {
    for (const near of ['token-endpont', 'token-endpoints', 'token-endpoinx', 'token-enpdoint']) {
      expect(oneEditAway(near, 'token-endpoint'), near).to.equal(true);
    }
    for (const far of ['token-endpoint', 'token-end', 'dashboard-id', 'token-edpont']) {
      expect(oneEditAway(far, 'token-endpoint'), far).to.equal(false);
    }
  });
});
