-- Baseline for `trellis export --format eval`: the same rows written the plain way a user might
-- script it, with the sqlite3 shell's JSON functions. One JSON object per document that has an
-- approved span, with its approved spans (code-point offsets, label, text, ratings, reviewers),
-- its meta and the import hash, ordered by stage and id like the Trellis export.
--
--     sqlite3 -batch trellis.sqlite < bench/baseline_eval_export.sql > eval.jsonl
.mode list
.headers off
SELECT json_object(
    'id', d.external_id,
    'stage', d.stage,
    'text', d.text,
    'spans', (
        SELECT json_group_array(json_object(
            'start', s.start,
            'end', s."end",
            'label', s.label,
            'text', substr(d.text, s.start + 1, s."end" - s.start),
            'ratings', (SELECT json_group_object(r.dimension, r.value) FROM rating r WHERE r.span_id = s.id),
            'reviewers', (SELECT json_group_array(v.name) FROM span_review a JOIN reviewer v ON v.id = a.reviewer_id
                          WHERE a.span_id = s.id AND a.decision = 'approved'),
            'decision', 'approved'))
        FROM span s
        WHERE s.document_id = d.id AND s.owner_id IS NULL AND s.deleted = 0
          AND EXISTS (SELECT 1 FROM span_review a WHERE a.span_id = s.id AND a.decision = 'approved')),
    'meta', json(d.meta),
    'provenance', json_object('import_sha256', d.content_hash))
FROM document d
WHERE EXISTS (SELECT 1 FROM span s JOIN span_review a ON a.span_id = s.id
              WHERE s.document_id = d.id AND s.owner_id IS NULL AND s.deleted = 0 AND a.decision = 'approved')
ORDER BY d.stage, d.external_id;
