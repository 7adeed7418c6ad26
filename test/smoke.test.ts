import { expect } from 'chai';
it('runs in a browser', () => { expect(typeof document).to.equal('object'); });
