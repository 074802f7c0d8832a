// The CardStore half of the PostgreSQL store: issued cards and the feedback on them.
import type pg from 'pg';
import {
  cardFromRow,
  cardParams,
  feedbackFromRow,
  FEEDBACK_TALLY_SQL,
  tallyFromRows,
  type FeedbackTallyRow,
  feedbackParams,
  INSERT_CARD_COLUMNS,
  INSERT_FEEDBACK_COLUMNS,
  type FeedbackRow,
  type IssuedCardRow,
} from './row-mapping.js';
import type { CardStore } from './types.js';

export function cardStoreOn(pool: pg.Pool): CardStore {
  return {
    async saveIssuedCards(cards) {
      for (const c of cards) {
        await pool.query(
          `INSERT INTO issued_cards ${INSERT_CARD_COLUMNS} VALUES ($1,$2,$3,$4,$5,$6,$7,$8) ON CONFLICT DO NOTHING`,
          cardParams(c),
        );
      }
    },
    async findIssuedCard(serviceId, uuid) {
      const result = await pool.query<IssuedCardRow>(
        'SELECT * FROM issued_cards WHERE service_id = $1 AND uuid = $2',
        [serviceId, uuid],
      );
      const row = result.rows[0];
      return row ? cardFromRow(row) : undefined;
    },
    async saveFeedback(feedback) {
      for (const f of feedback) {
        await pool.query(
          `INSERT INTO card_feedback ${INSERT_FEEDBACK_COLUMNS} VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11)`,
          feedbackParams(f),
        );
      }
    },
    async feedbackFor(cardUuid) {
      const result = await pool.query<FeedbackRow>(
        'SELECT * FROM card_feedback WHERE card_uuid = $1 ORDER BY id',
        [cardUuid],
      );
      return result.rows.map(feedbackFromRow);
    },
    async feedbackTally(topic) {
      const result = await pool.query<FeedbackTallyRow>(FEEDBACK_TALLY_SQL('$1'), [topic]);
      return tallyFromRows(topic, result.rows);
    },
  };
}
