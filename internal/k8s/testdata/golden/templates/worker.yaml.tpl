apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ .Name }}
  labels:
    app: {{ .Name }}
spec:
  replicas: {{ .Replicas }}
  selector:
    matchLabels:
      app: {{ .Name }}
  template:
    metadata:
      labels:
        app: {{ .Name }}
    spec:
      containers:
        - name: worker
          image: "{{ .Image }}:{{ .Tag }}"
          imagePullPolicy: {{ .PullPolicy | default "IfNotPresent" }}
          {{- with .Resources }}
          resources:
            {{- toYaml . | nindent 12 }}
          {{- end }}
          env:
            - name: TOKEN
              valueFrom:
                secretKeyRef:
                  name: {{ .Name }}-secrets
                  key: token
                  key: token-old # want duplicate-key
{{- if .Debug }}
            - name: DEBUG
              value: "1"
{{- else }}
            - name: DEBUG
              value: "0"
{{- end }}
            - name: REGION
              value: ${REGION}
          ports:
            - containerPort: ${PORT}
              nmae: http # want unknown-field
