// The twin page's feedback section, from a store tally: reason codes in the cards' own words, an
// unknown code never shown as given, and counts that add up.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { feedbackSummary } from '../../../src/twin-page/feedback-summary.js';
import { feedbackSection } from '../../../src/twin-page/render-page.js';

const tally = {
  topic: 'warfarin-inr',
  accepted: 5,
  overridden: 7,
  reasons: [
    { code: 'levels-pending', display: 'x', count: 3 },
    { code: '<b>made up</b>', display: '<b>made up</b>', count: 2 },
    { code: 'clinical-judgement', display: undefined, count: 1 },
    { code: 'data-outdated', display: undefined, count: 1 },
  ],
};

test('the summary names reasons as the cards offered them and keeps the three most frequent', () => {
  const s = feedbackSummary('Warfarin INR', tally);
  assert.deepEqual(s, {
    cardType: 'Warfarin INR',
    accepted: 5,
    overridden: 7,
    topReasons: [
      { label: 'Drug levels are pending; will adjust after results', count: 3 },
      { label: 'Another reason (not one the card offered)', count: 2 },
      { label: 'Clinical judgement: the prediction does not fit this patient', count: 1 },
    ],
    withoutReason: 0,
  });
});

test('the section shows counts and reasons, escapes text, and says when there is no feedback', () => {
  const html = feedbackSection(feedbackSummary('Warfarin <INR>', { ...tally, overridden: 9 }));
  assert.match(html, /Accepted<\/th><td class="num">5</);
  assert.match(html, /Overridden<\/th><td class="num">9</);
  assert.match(html, /Drug levels are pending; will adjust after results: 3 times/);
  assert.match(html, /No reason given: 2 times/);
  assert.match(html, /Warfarin &lt;INR&gt;/);
  assert.doesNotMatch(html, /made up/);
  const empty = feedbackSection(
    feedbackSummary('QTc', { topic: 'qtc', accepted: 0, overridden: 0, reasons: [] }),
  );
  assert.match(empty, /No feedback yet on QTc cards/);
  assert.doesNotMatch(empty, /<table>/);
});
