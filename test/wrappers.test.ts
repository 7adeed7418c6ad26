import './fixtures/vendor.js';
import { expect } from 'chai';
import { ToucanEmbedElement, toucanWrappers } from '../src/index.js';
import { mockEndpoint, mount, record, until, useFakeClock } from './helpers.js';

useFakeClock(() => {});

describe('the tag map and own attributes', () => {
  it('registers every wrapper of the tag map under its tag', () => {
    for (const [tag, element] of Object.entries(toucanWrappers)) expect(customElements.get(tag), tag).to.equal(element);
  });

  it('keeps the attribute of a property a subclass declares on the wrapper, and forwards the rest', async () => {
    class TenantDashboardElement extends ToucanEmbedElement {
      static override embedTag = 'tc-dashboard';
      static override properties = { tenantId: { attribute: 'tenant-id' } };
      declare tenantId: string | undefined;
    }
    TenantDashboardElement.define('tenant-dashboard');
    const api = await mockEndpoint([{ json: { token: 'tenant-token', expiresIn: 60 } }]);
    const el = mount<TenantDashboardElement>(
      `<tenant-dashboard token-endpoint="${api.url}" tenant-id="t-1" dashboard-id="d-42"></tenant-dashboard>`,
    );
    const tokens = record(el, 'toucan-token');
    await until(() => tokens.length === 1, 'first token');
    expect(el.tenantId).to.equal('t-1');
    expect(el.embedElement?.getAttribute('dashboard-id')).to.equal('d-42');
    expect(el.embedElement?.hasAttribute('tenant-id')).to.equal(false);
    expect(el.embedElement?.hasAttribute('token-endpoint')).to.equal(false);
  });
});
