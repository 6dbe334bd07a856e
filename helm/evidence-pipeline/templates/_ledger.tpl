{{/*
Object Lock retention of a component's evidence writes: <prefix>_RETENTION and <prefix>_RETENTION_MODE, only when
s3.retention is set. Call with (dict "root" $ "prefix" "STORER_S3").
*/}}
{{- define "evidence-pipeline.retentionEnv" -}}
{{- $s3 := .root.Values.s3 -}}
{{- if $s3.retention }}
# S3 Object Lock on every evidence object written ({{ $s3.retentionMode }}, {{ $s3.retention }}).
- name: {{ .prefix }}_RETENTION
  value: {{ $s3.retention | quote }}
- name: {{ .prefix }}_RETENTION_MODE
  value: {{ $s3.retentionMode | quote }}
{{- end }}
{{- end -}}

{{/* Where the signer key and the pinned TSA certificate are mounted in the storer. */}}
{{- define "evidence-pipeline.ledgerSignerDir" -}}/var/run/secrets/evidence-pipeline/ledger-signer{{- end -}}
{{- define "evidence-pipeline.tsaCertificateDir" -}}/etc/evidence-pipeline/tsa{{- end -}}

{{- define "evidence-pipeline.tsaPinned" -}}
{{- $c := .Values.components.storer.timestamp.tsaCertificate -}}
{{- if or $c.configMap $c.secret -}}true{{- end -}}
{{- end -}}

{{/* The storer's ledger and time-stamp settings (storer.ledger.*, storer.timestamp.*). */}}
{{- define "evidence-pipeline.ledgerEnv" -}}
{{- $l := .Values.components.storer.ledger -}}
{{- $t := .Values.components.storer.timestamp -}}
# The custody ledger: the storer's writer appends ledger.entries.v1 to one Merkle tree per partition under ledger/.
- name: STORER_LEDGER_ENABLED
  value: {{ $l.enabled | quote }}
- name: STORER_LEDGER_ORIGIN
  value: {{ $l.origin | quote }}
- name: STORER_LEDGER_CHECKPOINT_EVERY
  value: {{ printf "%d" (int64 $l.checkpointEvery) | quote }}
- name: STORER_LEDGER_CHECKPOINT_INTERVAL
  value: {{ $l.checkpointInterval | quote }}
- name: STORER_LEDGER_BATCH_MAX
  value: {{ printf "%d" (int64 $l.batchMax) | quote }}
- name: STORER_LEDGER_DEDUP_WINDOW
  value: {{ printf "%d" (int64 $l.dedupWindow) | quote }}
{{- if $l.signerKey.existingSecret }}
# Where the signer key is (a file of the read-only Secret volume ledger-signer-key), never the key itself.
- name: STORER_LEDGER_SIGNER_KEY_FILE
  value: {{ printf "%s/signer-key" (include "evidence-pipeline.ledgerSignerDir" .) | quote }}
{{- else }}
# No signer key Secret named (a trial install; production: true refuses this): the tree is kept, nothing is signed.
- name: STORER_LEDGER_ALLOW_UNSIGNED
  value: "true"
{{- end }}
{{- with $l.verifierKey }}
- name: STORER_LEDGER_VERIFIER_KEY
  value: {{ . | quote }}
{{- end }}
{{- with $t.tsaUrl }}
# Every checkpoint is time-stamped here (one request per checkpoint).
- name: STORER_TIMESTAMP_TSA_URL
  value: {{ . | quote }}
{{- end }}
- name: STORER_TIMESTAMP_PER_RECORD
  value: {{ $t.perRecord | quote }}
{{- if include "evidence-pipeline.tsaPinned" . }}
# Tokens are checked against this pinned certificate, never against the one a token embeds.
- name: STORER_TIMESTAMP_TSA_CERTIFICATE_FILE
  value: {{ printf "%s/tsa.pem" (include "evidence-pipeline.tsaCertificateDir" .) | quote }}
{{- end }}
{{- end -}}

{{- define "evidence-pipeline.ledgerVolumes" -}}
{{- $l := .Values.components.storer.ledger -}}
{{- $c := .Values.components.storer.timestamp.tsaCertificate -}}
{{- if $l.signerKey.existingSecret }}
- name: ledger-signer-key
  secret:
    secretName: {{ $l.signerKey.existingSecret }}
    defaultMode: 0440
    items:
      - key: {{ $l.signerKey.key }}
        path: signer-key
{{- end }}
{{- if $c.configMap }}
- name: tsa-certificate
  configMap:
    name: {{ $c.configMap }}
    items:
      - key: {{ $c.key }}
        path: tsa.pem
{{- else if $c.secret }}
- name: tsa-certificate
  secret:
    secretName: {{ $c.secret }}
    defaultMode: 0440
    items:
      - key: {{ $c.key }}
        path: tsa.pem
{{- end }}
{{- end -}}

{{- define "evidence-pipeline.ledgerVolumeMounts" -}}
{{- if .Values.components.storer.ledger.signerKey.existingSecret }}
- name: ledger-signer-key
  mountPath: {{ include "evidence-pipeline.ledgerSignerDir" . }}
  readOnly: true
{{- end }}
{{- if include "evidence-pipeline.tsaPinned" . }}
- name: tsa-certificate
  mountPath: {{ include "evidence-pipeline.tsaCertificateDir" . }}
  readOnly: true
{{- end }}
{{- end -}}

{{/* Mistakes that would put a secret in values or leave verify without one pinned certificate. */}}
{{- define "evidence-pipeline.validateLedger" -}}
{{- $l := .Values.components.storer.ledger -}}
{{- $c := .Values.components.storer.timestamp.tsaCertificate -}}
{{- if hasPrefix "PRIVATE+KEY" (toString $l.verifierKey) -}}
{{- fail "components.storer.ledger.verifierKey holds a signer (private) key: put it in a Secret and name it in components.storer.ledger.signerKey.existingSecret; verifierKey takes only the public verifier key" -}}
{{- end -}}
{{- if and $c.configMap $c.secret -}}
{{- fail "components.storer.timestamp.tsaCertificate: name a configMap or a secret, not both (verify pins exactly one PEM file)" -}}
{{- end -}}
{{- end -}}

{{/*
production: true (values-production.yaml) refuses a deployment whose evidence could be deleted, rewritten or left
unsigned: every missing piece is named at once.
*/}}
{{- define "evidence-pipeline.validateProduction" -}}
{{- if .Values.production -}}
{{- $missing := list -}}
{{- if not .Values.s3.retention -}}
{{- $missing = append $missing "s3.retention (S3 Object Lock retention, e.g. P3650D; the bucket needs Object Lock)" -}}
{{- end -}}
{{- if ne .Values.s3.retentionMode "COMPLIANCE" -}}
{{- $missing = append $missing (printf "s3.retentionMode COMPLIANCE (not %s: a GOVERNANCE lock can be bypassed)" .Values.s3.retentionMode) -}}
{{- end -}}
{{- $storer := .Values.components.storer -}}
{{- if $storer.enabled -}}
{{- if not $storer.ledger.enabled -}}
{{- $missing = append $missing "components.storer.ledger.enabled=true (the custody ledger)" -}}
{{- end -}}
{{- if not $storer.ledger.signerKey.existingSecret -}}
{{- $missing = append $missing "components.storer.ledger.signerKey.existingSecret (an existing Secret with the checkpoint signer key; ./pipeline ledger-key makes one)" -}}
{{- end -}}
{{- if not $storer.timestamp.tsaUrl -}}
{{- $missing = append $missing "components.storer.timestamp.tsaUrl (the RFC 3161 time-stamping authority that stamps every checkpoint)" -}}
{{- end -}}
{{- if not (include "evidence-pipeline.tsaPinned" .) -}}
{{- $missing = append $missing "components.storer.timestamp.tsaCertificate.configMap or .secret (the TSA certificate verify pins)" -}}
{{- end -}}
{{- end -}}
{{- if $missing -}}
{{- fail (printf "production: true needs %s" (join "; " $missing)) -}}
{{- end -}}
{{- end -}}
{{- end -}}
