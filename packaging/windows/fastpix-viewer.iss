; Inno Setup 6 script for the Windows installer of FastPix Recording Browser.
; Built by packaging/build.py (CI: .github/workflows/installers.yml) after PyInstaller:
;   ISCC.exe /DAppVersion=0.1.0 /DBundleDir=dist\fastpix-viewer /DOutputDir=dist fastpix-viewer.iss
; The onedir it packs already holds libVLC and its plugins (from the official VLC
; Windows build) and the licence texts (_internal\licenses).
; Not built or run on the Linux development machine: CI only.

#ifndef AppVersion
  #define AppVersion "0.0.0"
#endif
#ifndef BundleDir
  #define BundleDir "..\..\dist\fastpix-viewer"
#endif
#ifndef OutputDir
  #define OutputDir "..\..\dist"
#endif

#define AppName "FastPix Recording Browser"
#define AppExe "fastpix-viewer.exe"

[Setup]
; A fixed AppId keeps upgrades and the uninstaller entry on one product.
AppId={{6F1C5E0B-3B7E-4C1D-9A55-0E6F2B8D4A71}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=FastPix Viewer
DefaultDirName={autopf}\FastPix Viewer
DefaultGroupName=FastPix Viewer
DisableProgramGroupPage=yes
; Per-user install without elevation by default; an administrator may choose all users.
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
OutputDir={#OutputDir}
OutputBaseFilename=fastpix-viewer-{#AppVersion}-setup
SetupIconFile=..\..\resources\icons\fastpix-viewer.ico
UninstallDisplayIcon={app}\{#AppExe}
LicenseFile=..\licenses\THIRD-PARTY.txt
; lzma2 on ~350 MB: "normal" is far quicker than "ultra" for a few per cent.
Compression=lzma2/normal
SolidCompression=yes
WizardStyle=modern
CloseApplications=yes

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
Source: "{#BundleDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\{#AppName}"; Filename: "{app}\{#AppExe}"
Name: "{group}\Licences"; Filename: "{app}\_internal\licenses"
Name: "{group}\{cm:UninstallProgram,{#AppName}}"; Filename: "{uninstallexe}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; Tasks: desktopicon

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent

[UninstallDelete]
; libVLC rewrites its plugin cache when it is stale; remove it with the rest.
Type: files; Name: "{app}\_internal\vlc\plugins\plugins.dat"
