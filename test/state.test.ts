import { App, Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { findState, setState, stateKey, stateOf } from '../src/_state';

describe('stateOf', () => {
  test('creates the state once per construct and kind', () => {
    const chart = new Chart(new App(), 'test');
    const a = new Construct(chart, 'a');
    const b = new Construct(chart, 'b');
    const COUNT = stateKey<{ n: number }>('test.count');
    const OTHER = stateKey<{ n: number }>('test.other');
    stateOf(a, COUNT, () => ({ n: 0 })).n++;
    stateOf(a, COUNT, () => ({ n: 0 })).n++;
    expect(findState(a, COUNT)).toEqual({ n: 2 });
    expect(findState(b, COUNT)).toBeUndefined();
    expect(findState(a, OTHER)).toBeUndefined();
  });

  test('keeps the state out of the construct tree and of the construct\'s own keys', () => {
    const app = new App();
    const chart = new Chart(app, 'test');
    const keys = Object.keys(app);
    stateOf(app, stateKey<string[]>('test.list'), () => []);
    setState(chart, stateKey<string>('test.value'), 'x');
    expect(Object.keys(app)).toEqual(keys);
    expect(app.node.findAll().map(c => c.node.path)).toEqual(['', 'test']);
    expect(app.synthYaml()).toEqual('');
  });

  test('replaces the state with setState', () => {
    const chart = new Chart(new App(), 'test');
    const VALUE = stateKey<string>('test.value');
    setState(chart, VALUE, 'a');
    setState(chart, VALUE, 'b');
    expect(stateOf(chart, VALUE, () => 'c')).toEqual('b');
  });
});
