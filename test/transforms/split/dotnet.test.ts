import { describe, expect, it } from 'vitest';
import { blocked, split, splitMessages } from './helpers.js';

const webProject = '<Project Sdk="Microsoft.NET.Sdk.Web">\n  <PropertyGroup>\n    <TargetFramework>net8.0</TargetFramework>\n    <AssemblyName>Orders.Api</AssemblyName>\n  </PropertyGroup>\n</Project>\n';
const program = 'var app = WebApplication.CreateBuilder(args).Build();\napp.MapGet("/", () => "ok");\napp.Run();\n';
const api = { 'Orders.csproj': webProject, 'Program.cs': program, 'appsettings.json': '{ "Logging": {} }\n' };

const naive = `FROM mcr.microsoft.com/dotnet/sdk:8.0

WORKDIR /src
COPY . .
RUN dotnet restore
RUN dotnet publish -c Release -o /app

WORKDIR /app
ENV ASPNETCORE_URLS=http://+:8080
EXPOSE 8080
ENTRYPOINT ["dotnet", "Orders.Api.dll"]
`;

describe('.NET builds', () => {
  it('dotnet publish of a web project runs on aspnet of the target framework version', () => {
    expect(split(naive, api)).toBe(`FROM mcr.microsoft.com/dotnet/sdk:8.0 AS build

WORKDIR /src
COPY . .
RUN dotnet restore
RUN dotnet publish -c Release -o /app

WORKDIR /app
ENV ASPNETCORE_URLS=http://+:8080

FROM mcr.microsoft.com/dotnet/aspnet:8.0
WORKDIR /app
ENV ASPNETCORE_URLS=http://+:8080
COPY --from=build /app /app
EXPOSE 8080
ENTRYPOINT ["dotnet", "Orders.Api.dll"]
`);
    expect(splitMessages(naive, api)).toEqual(['split into a build stage and a runtime stage on mcr.microsoft.com/dotnet/aspnet:8.0: the .NET app /app/Orders.Api.dll']);
  });

  it('a console project targeting an older framework runs on the runtime image of that version; the assembly is named after the project file', () => {
    const worker = { 'Worker.csproj': '<Project Sdk="Microsoft.NET.Sdk">\n  <PropertyGroup>\n    <OutputType>Exe</OutputType>\n    <TargetFramework>net6.0</TargetFramework>\n  </PropertyGroup>\n</Project>\n', 'Program.cs': 'System.Console.WriteLine("hi");\n' };
    const src = 'FROM mcr.microsoft.com/dotnet/sdk:8.0\nWORKDIR /src\nCOPY . .\nRUN dotnet publish -c Release -o out\nCMD ["dotnet", "out/Worker.dll"]\n';
    expect(split(src, worker)).toContain('FROM mcr.microsoft.com/dotnet/runtime:6.0\nWORKDIR /src\nCOPY --from=build /src/out /src/out\nCMD ["dotnet", "out/Worker.dll"]\n');
  });
});

describe('.NET builds the split leaves alone', () => {
  it('dotnet run', () => {
    expect(blocked(naive.replace('ENTRYPOINT ["dotnet", "Orders.Api.dll"]', 'ENTRYPOINT ["dotnet", "run"]'), api)).toEqual(['.NET build not split: the container runs `dotnet run`, which needs the SDK']);
  });

  it('an assembly name that is not the one the project publishes', () => {
    expect(blocked(naive.replace('Orders.Api.dll', 'Orders.dll'), api)).toEqual(['.NET build not split: the container runs Orders.dll, but the project publishes Orders.Api.dll']);
  });

  it('a self-contained publish', () => {
    expect(blocked(naive.replace('-c Release', '-c Release --self-contained'), api)).toEqual([
      '.NET build not split: `dotnet publish` makes a self-contained or single-file app, which needs another runtime image',
    ]);
  });

  it('a solution', () => {
    expect(blocked(naive.replace('dotnet publish -c Release', 'dotnet publish Orders.sln -c Release'), { ...api, 'Orders.sln': '' })).toEqual([
      '.NET build not split: `dotnet publish` of a solution publishes several projects',
    ]);
  });
});
