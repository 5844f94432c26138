/** Every relative link in README.md and docs/ reaches a file, and a heading when it names one. */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { findBrokenLinks, toAnchors } from '../../tools/docs/links.js';

/** The repository's tracked and new (not ignored) files; Markdown with its text. */
function repositoryFiles(): Map<string, string | null> {
  const listed = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard'], {
    encoding: 'utf8',
  });
  const files = new Map<string, string | null>();
  for (const path of listed.split('\n').filter(Boolean)) {
    files.set(path, path.endsWith('.md') ? readFileSync(path, 'utf8') : null);
  }
  return files;
}

describe('documentation links', () => {
  it('README.md and every page of docs/ link only to files and headings that exist', () => {
    expect(findBrokenLinks(repositoryFiles())).toEqual([]);
  });

  it('the README is short: a newcomer reads it in ten minutes', () => {
    expect(readFileSync('README.md', 'utf8').split('\n').length).toBeLessThanOrEqual(260);
  });

  it.each([
    ['a missing page', '[x](docs/nope.md)', 'README.md:1: docs/nope.md (no such file)'],
    [
      'a missing heading',
      '[x](docs/a.md#nope)',
      'README.md:1: docs/a.md#nope (no heading #nope in docs/a.md)',
    ],
    [
      'a missing heading on the same page',
      '[x](#nope)',
      'README.md:1: #nope (no heading #nope in README.md)',
    ],
    ['a link from docs/ back up', '', undefined],
  ])('catches %s', (_name, readme, expected) => {
    const files = new Map<string, string | null>([
      ['README.md', `${readme}\n# Top`],
      ['docs/a.md', '# A page\n## `simulate`: what would it do?\n[up](../README.md#top)'],
      ['docs/chart.svg', null],
    ]);
    expect(findBrokenLinks(files)).toEqual(expected ? [expected] : []);
  });

  it('anchors as GitHub makes them: punctuation dropped, repeats numbered, fences ignored', () => {
    const md = '# A `b`: c?\n## A `b`: c?\n```\n# not a heading\n```\n### Über 1,000';
    expect([...toAnchors(md)]).toEqual(['a-b-c', 'a-b-c-1', 'über-1000']);
  });
});
