{{/* Chart name, overridable. */}}
{{- define "evidence-pipeline.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 40 | trimSuffix "-" -}}
{{- end -}}

{{/* Release-scoped base name; component resources append "-<component>" (so at most 63 characters). */}}
{{- define "evidence-pipeline.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 52 | trimSuffix "-" -}}
{{- else -}}
{{- $name := include "evidence-pipeline.name" . -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 52 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 52 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{/* Labels on every object. */}}
{{- define "evidence-pipeline.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
app.kubernetes.io/name: {{ include "evidence-pipeline.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: evidence-pipeline
{{- end -}}

{{/* Selector of one component's pods. Call with (dict "root" $ "component" "collector"). */}}
{{- define "evidence-pipeline.selectorLabels" -}}
app.kubernetes.io/name: {{ include "evidence-pipeline.name" .root }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end -}}

{{- define "evidence-pipeline.componentLabels" -}}
{{ include "evidence-pipeline.labels" .root }}
app.kubernetes.io/component: {{ .component }}
{{- end -}}

{{- define "evidence-pipeline.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "evidence-pipeline.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- default "default" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{- define "evidence-pipeline.image" -}}
{{- $img := .root.Values.image -}}
{{- printf "%s/%s/%s:%s" $img.registry $img.repository .component (default .root.Chart.AppVersion $img.tag) -}}
{{- end -}}

{{/*
The topic and consumer group each consuming component reads (see the services' application.properties);
the autoscalers scale on this group's lag.
*/}}
{{- define "evidence-pipeline.inputTopic" -}}
{{- get (dict "enricher" "posts.collected.v1" "storer" "posts.enriched.v1" "capturer" "pages.requested.v1") . -}}
{{- end -}}
{{- define "evidence-pipeline.consumerGroup" -}}
{{- get (dict "enricher" "enricher" "storer" "storer" "capturer" "capturer") . -}}
{{- end -}}

{{/* A Kubernetes memory quantity (e.g. 2Gi, 1536Mi, 2G, 2147483648) in whole MiB. */}}
{{- define "evidence-pipeline.mebibytes" -}}
{{- $q := toString . -}}
{{- $units := dict "Ki" 1024 "Mi" 1048576 "Gi" 1073741824 "Ti" 1099511627776 "k" 1000 "M" 1000000 "G" 1000000000 "T" 1000000000000 -}}
{{- $unit := regexFind "[kKMGT]i?$" $q -}}
{{- if not (regexMatch "^[0-9]+([kMGT]|[KMGT]i)?$" $q) -}}
{{- fail (printf "memory quantity %q: the chart reads whole numbers with a suffix k, M, G, T, Ki, Mi, Gi or Ti" $q) -}}
{{- end -}}
{{- $n := trimSuffix $unit $q | int64 -}}
{{- div (mul $n (get $units $unit | default 1)) 1048576 -}}
{{- end -}}

{{/* A component's /tmp emptyDir sizeLimit: tmpSizeLimit, and for the capturer with video on, room for one stream's
parts (video.maxBytes) and its muxed MP4 (as large again) on top, rounded up to whole MiB. */}}
{{- define "evidence-pipeline.tmpSizeLimit" -}}
{{- $base := .tmpSizeLimit | default "128Mi" -}}
{{- if and .video .video.enabled -}}
{{- $streamMi := div (add (int64 .video.maxBytes) 1048575) 1048576 -}}
{{- printf "%dMi" (add (include "evidence-pipeline.mebibytes" $base | int64) (mul 2 $streamMi)) -}}
{{- else -}}
{{- $base -}}
{{- end -}}
{{- end -}}

{{/* The capturer's JVM heap, in MiB: its maxRAMPercentage of limits.memory. */}}
{{- define "evidence-pipeline.capturerHeapMi" -}}
{{- $c := .Values.components.capturer -}}
{{- $limit := include "evidence-pipeline.mebibytes" $c.resources.limits.memory | int64 -}}
{{- div (mul $limit (int64 (default .Values.jvm.maxRAMPercentage $c.maxRAMPercentage))) 100 -}}
{{- end -}}

{{/*
Fails rendering when the browser's memory cap leaves the JVM too little of the container's limit: the cap must
stay below limits.memory minus the heap minus 256Mi (metaspace, threads, direct buffers), so the capturer restarts
its browser before the kernel's OOM killer ends the whole pod.
*/}}
{{- define "evidence-pipeline.validateCapturer" -}}
{{- $c := .Values.components.capturer -}}
{{- if and $c $c.enabled -}}
{{- $limit := include "evidence-pipeline.mebibytes" $c.resources.limits.memory | int64 -}}
{{- $heap := include "evidence-pipeline.capturerHeapMi" . | int64 -}}
{{- $room := sub (sub $limit $heap) 256 -}}
{{- if ge (int64 $c.browserMemoryCapMi) $room -}}
{{- fail (printf "components.capturer.browserMemoryCapMi=%v leaves the JVM too little of limits.memory=%v (%vMi): with a heap of %vMi (maxRAMPercentage) the browser's cap must stay below %vMi; lower the cap or raise the limit" $c.browserMemoryCapMi $c.resources.limits.memory $limit $heap $room) -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{/* Fails rendering when a component enables both autoscalers (the schema rejects this too). */}}
{{- define "evidence-pipeline.validateAutoscaling" -}}
{{- range $name, $c := .Values.components -}}
{{- if and $c.autoscaling $c.autoscaling.hpa.enabled $c.autoscaling.keda.enabled -}}
{{- fail (printf "components.%s.autoscaling: hpa.enabled and keda.enabled are mutually exclusive; enable at most one (HPA scales on CPU, KEDA on consumer lag)" $name) -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{/* Fails rendering when SASL is selected without a Secret holding the JAAS configuration. */}}
{{- define "evidence-pipeline.validateKafka" -}}
{{- $k := .Values.kafka -}}
{{- if and (hasPrefix "SASL_" $k.securityProtocol) (not $k.sasl.jaasConfigSecret) -}}
{{- fail "kafka.sasl.jaasConfigSecret: securityProtocol SASL_* needs an existing Secret with the JAAS configuration (credentials are never taken from values)" -}}
{{- end -}}
{{- end -}}

{{/* Closed by default: a Secret for each API role, or the explicit api.insecureNoAuth. */}}
{{- define "evidence-pipeline.validateApi" -}}
{{- $api := .Values.api -}}
{{- if hasKey $api "tokenSecret" -}}
{{- fail "api.tokenSecret (one token for every endpoint) was replaced by api.adminTokenSecret and api.readerTokenSecret: one Secret per role (see values.yaml \"api\")" -}}
{{- end -}}
{{- $admin := dig "adminTokenSecret" "name" "" $api -}}
{{- $reader := dig "readerTokenSecret" "name" "" $api -}}
{{- if $api.insecureNoAuth -}}
{{- if or $admin $reader -}}
{{- fail "api.insecureNoAuth=true disables the API tokens: drop it, or drop api.adminTokenSecret and api.readerTokenSecret" -}}
{{- end -}}
{{- else if not (and $admin $reader) -}}
{{- fail "api: the REST APIs are closed by default. Name an existing Secret for each role, api.adminTokenSecret.name (collections) and api.readerTokenSecret.name (feeds, archive, verify), see values.yaml \"api\"; or set api.insecureNoAuth=true to leave the APIs open to anyone who can reach the Services" -}}
{{- else if and (eq $admin $reader) (eq $api.adminTokenSecret.key $api.readerTokenSecret.key) -}}
{{- fail "api.adminTokenSecret and api.readerTokenSecret name the same Secret key: each role needs its own token" -}}
{{- end -}}
{{- end -}}

{{/* The API token files: one read-only Secret volume per role. */}}
{{- define "evidence-pipeline.apiVolumes" -}}
{{- if not .Values.api.insecureNoAuth }}
- name: api-admin-token
  secret:
    secretName: {{ .Values.api.adminTokenSecret.name }}
    defaultMode: 0440
    items:
      - key: {{ .Values.api.adminTokenSecret.key }}
        path: token
- name: api-reader-token
  secret:
    secretName: {{ .Values.api.readerTokenSecret.name }}
    defaultMode: 0440
    items:
      - key: {{ .Values.api.readerTokenSecret.key }}
        path: token
{{- end }}
{{- end -}}

{{- define "evidence-pipeline.apiVolumeMounts" -}}
{{- if not .Values.api.insecureNoAuth }}
- name: api-admin-token
  mountPath: /var/run/secrets/evidence-pipeline/api-admin
  readOnly: true
- name: api-reader-token
  mountPath: /var/run/secrets/evidence-pipeline/api-reader
  readOnly: true
{{- end }}
{{- end -}}

{{/* The API settings: where each role's token file is, or auth=none. */}}
{{- define "evidence-pipeline.apiEnv" -}}
{{- if .Values.api.insecureNoAuth }}
# api.insecureNoAuth: no API authentication (each service logs a WARN at start).
- name: PIPELINE_API_AUTH
  value: none
{{- else }}
- name: PIPELINE_API_ADMIN_TOKEN_FILE
  value: /var/run/secrets/evidence-pipeline/api-admin/token
- name: PIPELINE_API_READER_TOKEN_FILE
  value: /var/run/secrets/evidence-pipeline/api-reader/token
{{- end }}
{{- end -}}

{{/* Whether Kafka traffic uses TLS. */}}
{{- define "evidence-pipeline.kafkaTls" -}}
{{- if or (eq .Values.kafka.securityProtocol "SSL") (eq .Values.kafka.securityProtocol "SASL_SSL") -}}true{{- end -}}
{{- end -}}

{{/*
Kafka client environment shared by the services and the topic Job. Quarkus applies kafka.* settings
(env KAFKA_*) to every channel and to the health check's admin client.
*/}}
{{- define "evidence-pipeline.kafkaEnv" -}}
{{- $k := .Values.kafka -}}
- name: KAFKA_BOOTSTRAP_SERVERS
  value: {{ $k.bootstrapServers | quote }}
- name: KAFKA_SECURITY_PROTOCOL
  value: {{ $k.securityProtocol | quote }}
{{- if include "evidence-pipeline.kafkaTls" . }}
{{- if $k.tls.truststoreSecret }}
- name: KAFKA_SSL_TRUSTSTORE_LOCATION
  value: {{ printf "/etc/kafka/truststore/%s" $k.tls.truststoreKey | quote }}
- name: KAFKA_SSL_TRUSTSTORE_TYPE
  value: {{ $k.tls.truststoreType | quote }}
{{- if $k.tls.truststorePasswordKey }}
- name: KAFKA_SSL_TRUSTSTORE_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ $k.tls.truststoreSecret }}
      key: {{ $k.tls.truststorePasswordKey }}
{{- end }}
{{- end }}
{{- if $k.tls.keystoreSecret }}
- name: KAFKA_SSL_KEYSTORE_LOCATION
  value: {{ printf "/etc/kafka/keystore/%s" $k.tls.keystoreKey | quote }}
- name: KAFKA_SSL_KEYSTORE_TYPE
  value: {{ $k.tls.keystoreType | quote }}
- name: KAFKA_SSL_KEYSTORE_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ $k.tls.keystoreSecret }}
      key: {{ $k.tls.keystorePasswordKey }}
{{- end }}
{{- end }}
{{- if hasPrefix "SASL_" $k.securityProtocol }}
- name: KAFKA_SASL_MECHANISM
  value: {{ $k.sasl.mechanism | quote }}
- name: KAFKA_SASL_JAAS_CONFIG
  valueFrom:
    secretKeyRef:
      name: {{ $k.sasl.jaasConfigSecret }}
      key: {{ $k.sasl.jaasConfigKey }}
{{- end }}
{{- end -}}

{{/* Volumes for the Kafka trust and key stores (only the configured keys are projected). */}}
{{- define "evidence-pipeline.kafkaVolumes" -}}
{{- $k := .Values.kafka -}}
{{- if include "evidence-pipeline.kafkaTls" . }}
{{- if $k.tls.truststoreSecret }}
- name: kafka-truststore
  secret:
    secretName: {{ $k.tls.truststoreSecret }}
    defaultMode: 0440
    items:
      - key: {{ $k.tls.truststoreKey }}
        path: {{ $k.tls.truststoreKey }}
{{- end }}
{{- if $k.tls.keystoreSecret }}
- name: kafka-keystore
  secret:
    secretName: {{ $k.tls.keystoreSecret }}
    defaultMode: 0440
    items:
      - key: {{ $k.tls.keystoreKey }}
        path: {{ $k.tls.keystoreKey }}
{{- end }}
{{- end }}
{{- end -}}

{{- define "evidence-pipeline.kafkaVolumeMounts" -}}
{{- $k := .Values.kafka -}}
{{- if include "evidence-pipeline.kafkaTls" . }}
{{- if $k.tls.truststoreSecret }}
- name: kafka-truststore
  mountPath: /etc/kafka/truststore
  readOnly: true
{{- end }}
{{- if $k.tls.keystoreSecret }}
- name: kafka-keystore
  mountPath: /etc/kafka/keystore
  readOnly: true
{{- end }}
{{- end }}
{{- end -}}

{{/* Restricted Pod Security Standard: pod level. Call with the uid. */}}
{{- define "evidence-pipeline.podSecurityContext" -}}
runAsNonRoot: true
runAsUser: {{ . }}
runAsGroup: {{ . }}
fsGroup: {{ . }}
seccompProfile:
  type: RuntimeDefault
{{- end -}}

{{/* Restricted Pod Security Standard: container level. */}}
{{- define "evidence-pipeline.containerSecurityContext" -}}
runAsNonRoot: true
allowPrivilegeEscalation: false
readOnlyRootFilesystem: true
privileged: false
capabilities:
  drop: [ALL]
seccompProfile:
  type: RuntimeDefault
{{- end -}}

{{/* Ranges never reachable through the public-internet egress rule. */}}
{{- define "evidence-pipeline.privateIPv4" -}}
{{- list "0.0.0.0/8" "10.0.0.0/8" "100.64.0.0/10" "127.0.0.0/8" "169.254.0.0/16" "172.16.0.0/12" "192.0.0.0/24" "192.168.0.0/16" "198.18.0.0/15" "224.0.0.0/4" "240.0.0.0/4" | toJson -}}
{{- end -}}
{{- define "evidence-pipeline.privateIPv6" -}}
{{- list "::1/128" "::ffff:0:0/96" "64:ff9b::/96" "fc00::/7" "fe80::/10" "ff00::/8" | toJson -}}
{{- end -}}
