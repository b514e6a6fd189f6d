import type { PlaygroundState } from './state.js';

/** The Dockerfile a first visit shows: the habits that leave caches and downloads in the image. */
export const exampleDockerfile = `FROM python:3.12
WORKDIR /app

RUN apt-get update
RUN apt-get install -y build-essential curl
RUN curl -fsSL -o /tmp/tool.tar.gz https://example.com/tool.tar.gz
RUN tar -xzf /tmp/tool.tar.gz -C /usr/local/bin

COPY requirements.txt .
RUN pip install -r requirements.txt
COPY . .
CMD ["python", "-m", "app"]
`;

export function exampleState(): PlaygroundState {
  return { dockerfile: exampleDockerfile, unsafe: false, disabled: [], context: [] };
}
