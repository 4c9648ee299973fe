import type { PairingMessages } from './pairings.zh-CN.ts';

export const pairingsEn: PairingMessages = {
  pairings: {
    title: 'Paired branches',
    link: 'Paired branches',
    askedCount: '{n} to answer',
    intro:
      '"1+1+X": your branch pairs with other branches; each month one branch leads the joint theme Party day.',
    source: {
      server: 'Connected to the server',
      device: 'Not connected: showing the pairings saved on this device',
      signedOut: 'Not signed in: sign in to see and propose pairings.',
    },
    needsNetwork:
      'Proposing, answering, ending a pairing and choosing a lead need the network; please connect and try again.',
    secretaryOnly:
      "Pairings are proposed and answered by the branch secretary; here you can see your branch's partners and each month's lead.",
    toUs: {
      title: 'Pairings proposed to you',
      from: '{branch} proposes pairing with {ours}',
      by: 'Proposed by {name} · {date}',
      alsoWith: 'Also in it: {branches}',
      accept: 'Accept',
      decline: 'Decline',
      waitSecretary: "Waiting for your secretary's answer",
    },
    active: {
      title: 'Paired branches',
      none: 'No paired branches yet.',
      with: 'Paired with',
      leads: 'Lead branch by month',
      leadFor: 'Lead branch for {month}',
      rotation: 'by rotation',
      chosen: 'chosen',
      end: 'End pairing',
      endConfirm:
        'End the pairing with {branches}? Existing plans stay and both branches can still read them; no new plan can include them.',
      endYes: 'End it',
      cancel: 'Cancel',
      ending: 'Ending…',
    },
    waiting: {
      title: 'Waiting for an answer',
      to: 'Proposed to {branches}; waiting for their answer',
      withdraw: 'Withdraw',
    },
    search: {
      title: 'Find a branch',
      intro:
        "Type part of a branch's name, then propose a pairing; it is paired once their secretary accepts.",
      label: 'Branch name',
      button: 'Search',
      searching: 'Searching…',
      none: 'No branch has "{name}" in its name.',
      propose: 'Propose pairing',
      proposing: 'Proposing…',
      paired: 'Paired',
      asked: 'Proposed, waiting',
    },
    outside: {
      title: 'Invite a branch of another institution',
      intro:
        "Pair with a branch outside this system: send the invite link to its secretary; once they join with their branch's name, the branches are paired. They cannot see this institution's branch list.",
      make: 'Make a pairing invite link',
      making: 'Making…',
    },
    failure: {
      offline: 'The server cannot be reached; this step needs the network. Please try again later.',
      forbidden: 'Only the branch secretary can do this.',
      conflict: 'This was done already (perhaps on another device); the list is updated.',
      gone: 'This pairing has ended or was withdrawn; the list is updated.',
      other: 'That did not work; please try again later.',
    },
    monthName: '{month}/{year}',
  },
};
